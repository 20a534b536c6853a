package com.example.importer.check;

/** One validation finding. */
public final class Problem {
    private final String sku;
    private final String message;

    public Problem(String sku, String message) {
        this.sku = sku;
        this.message = message;
    }

    public String sku() {
        return sku;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return sku + ": " + message;
    }
}
