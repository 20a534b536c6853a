package com.example.shop.catalog;

import java.util.regex.Pattern;

/** Stock keeping unit: two capital letters, a dash and four digits, e.g. {@code HW-0042}. */
public final class Sku {
    private static final Pattern FORMAT = Pattern.compile("[A-Z]{2}-\\d{4}");

    private Sku() {
    }

    public static boolean isValid(String sku) {
        return sku != null && FORMAT.matcher(sku).matches();
    }

    /** The SKU itself, or an IllegalArgumentException naming it. */
    public static String require(String sku) {
        if (!isValid(sku)) {
            throw new IllegalArgumentException("malformed SKU: '" + sku + "'");
        }
        return sku;
    }

    /** The category prefix, e.g. {@code "HW"}. */
    public static String prefix(String sku) {
        return require(sku).substring(0, 2);
    }
}
