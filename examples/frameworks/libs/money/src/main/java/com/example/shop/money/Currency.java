package com.example.shop.money;

/** The currencies the shop sells in, with the number of digits of their minor unit. */
public enum Currency {
    EUR(2),
    USD(2),
    GBP(2),
    JPY(0);

    private final int minorDigits;

    Currency(int minorDigits) {
        this.minorDigits = minorDigits;
    }

    /** Digits after the decimal point: 2 for cents, 0 for yen. */
    public int minorDigits() {
        return minorDigits;
    }

    /** The currency of an ISO 4217 code such as {@code "EUR"} (case-insensitive). */
    public static Currency fromCode(String code) {
        for (Currency currency : values()) {
            if (currency.name().equalsIgnoreCase(code.trim())) {
                return currency;
            }
        }
        throw new IllegalArgumentException("unknown currency: " + code);
    }
}
