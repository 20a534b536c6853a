package com.example.api.spi;

/** Thrown for a SKU the service does not know. */
public class UnknownSkuException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sku;

    public UnknownSkuException(String sku) {
        super("unknown SKU: " + sku);
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
