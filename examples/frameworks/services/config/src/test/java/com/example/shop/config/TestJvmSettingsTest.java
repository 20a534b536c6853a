package com.example.shop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shop.money.Currency;
import org.junit.jupiter.api.Test;

/**
 * Passes only in a test JVM started the way build.gradle's `test { ... }` block says:
 * systemProperty 'shop.currency', 'EUR'; jvmArgs '-Dshop.region=eu'; environment 'SHOP_MODE',
 * 'test'; maxHeapSize = '256m'.
 */
class TestJvmSettingsTest {
    @Test
    void currencyComesFromASystemProperty() {
        assertEquals("EUR", System.getProperty("shop.currency"));
        assertEquals(Currency.EUR, ShopConfig.current().currency());
    }

    @Test
    void regionComesFromAJvmArgument() {
        assertEquals("eu", System.getProperty("shop.region"));
        assertEquals("eu", ShopConfig.current().region());
    }

    @Test
    void modeComesFromTheEnvironment() {
        assertEquals("test", System.getenv("SHOP_MODE"));
        assertFalse(ShopConfig.current().isProduction());
    }

    @Test
    void heapIsCappedAt256Megabytes() {
        long max = Runtime.getRuntime().maxMemory();
        assertTrue(max <= 256L * 1024 * 1024, "max heap " + max + " bytes");
    }
}
