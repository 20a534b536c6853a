package com.example.shop.config;

import com.example.shop.money.Currency;
import java.util.Map;

/**
 * Where the shop runs: its currency ({@code -Dshop.currency}, default USD), its region
 * ({@code -Dshop.region}, default us) and its mode ({@code SHOP_MODE}, default production).
 */
public final class ShopConfig {
    public static final String CURRENCY_PROPERTY = "shop.currency";
    public static final String REGION_PROPERTY = "shop.region";
    public static final String MODE_VARIABLE = "SHOP_MODE";

    private final Currency currency;
    private final String region;
    private final String mode;

    private ShopConfig(Currency currency, String region, String mode) {
        this.currency = currency;
        this.region = region;
        this.mode = mode;
    }

    /** The configuration of this JVM: its system properties and environment. */
    public static ShopConfig current() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> properties = (Map) System.getProperties();
        return from(properties, System.getenv());
    }

    public static ShopConfig from(Map<String, String> properties, Map<String, String> environment) {
        Currency currency = Currency.fromCode(properties.getOrDefault(CURRENCY_PROPERTY, "USD"));
        String region = properties.getOrDefault(REGION_PROPERTY, "us").trim().toLowerCase();
        if (!region.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("region must be two letters: '" + region + "'");
        }
        String mode = environment.getOrDefault(MODE_VARIABLE, "production");
        return new ShopConfig(currency, region, mode);
    }

    public Currency currency() {
        return currency;
    }

    public String region() {
        return region;
    }

    public String mode() {
        return mode;
    }

    public boolean isProduction() {
        return "production".equals(mode);
    }
}
