package com.example.shop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shop.money.Currency;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ShopConfig.from(...) on explicit maps: independent of how the test JVM was started. */
class ShopConfigTest {
    @Test
    void defaultsToUsProduction() {
        ShopConfig config = ShopConfig.from(Collections.emptyMap(), Collections.emptyMap());
        assertEquals(Currency.USD, config.currency());
        assertEquals("us", config.region());
        assertTrue(config.isProduction());
    }

    @Test
    void readsPropertiesAndEnvironment() {
        Map<String, String> properties = new HashMap<>();
        properties.put("shop.currency", "gbp");
        properties.put("shop.region", " UK ");
        ShopConfig config = ShopConfig.from(properties, Collections.singletonMap("SHOP_MODE", "staging"));
        assertEquals(Currency.GBP, config.currency());
        assertEquals("uk", config.region());
        assertEquals("staging", config.mode());
    }

    @Test
    void rejectsMalformedRegions() {
        assertThrows(IllegalArgumentException.class,
                () -> ShopConfig.from(Collections.singletonMap("shop.region", "europe"), Collections.emptyMap()));
    }
}
