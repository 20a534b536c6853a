package com.example.shop.legacy;

import com.example.shop.money.Money;

/** Standard VAT rates by country code, and gross prices computed from net ones. */
public final class VatRates {
    private VatRates() {
    }

    /** The standard rate in percent for a country code such as {@code "DE"}. */
    public static int standardRate(String country) {
        switch (country) {
            case "DE":
                return 19;
            case "FR":
            case "GB":
                return 20;
            case "LU":
                return 17;
            case "US":
                return 0;
            default:
                throw new IllegalArgumentException("no VAT rate for " + country);
        }
    }

    public static Money gross(Money net, String country) {
        return net.plus(net.percent(standardRate(country)));
    }
}
