package com.example.core.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import org.junit.Test;

public class ItemTest {
    private final Item hammer = Item.builder("hw-0001")
            .name("  Claw   hammer ")
            .category(Category.HARDWARE)
            .unitPrice(Money.parse("9.90"))
            .quantity(4)
            .tags(Arrays.asList("Tools", "Steel Head"))
            .build();

    @Test
    public void normalisesInput() {
        assertEquals("HW-0001", hammer.sku().code());
        assertEquals("HW", hammer.sku().prefix());
        assertEquals(1, hammer.sku().number());
        assertEquals("Claw hammer", hammer.name());
        assertEquals(Arrays.asList("tools", "steel-head"), hammer.tags());
    }

    @Test
    public void stockValue() {
        assertEquals(Money.parse("39.60"), hammer.stockValue());
        assertEquals(Money.zero(), hammer.withQuantity(0).stockValue());
    }

    @Test
    public void skuValidation() {
        assertTrue(Sku.isValid("gd-1234"));
        assertFalse(Sku.isValid("G-1"));
        assertFalse(Sku.isValid(null));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsNegativeQuantity() {
        hammer.withQuantity(-1);
    }

    @Test
    public void parsesCategories() {
        assertEquals(Category.GARDEN, Category.parse(" garden "));
        assertEquals(Category.OTHER, Category.parse("spaceships"));
    }
}
