package com.example.shop.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.shop.money.Money;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JUnit 5 (Jupiter), in the same source set as the JUnit 4 tests. */
class PriceListTest {
    private final PriceList list = new PriceList();

    @BeforeEach
    void fill() {
        list.put("HW-0002", Money.parse("4.50 EUR"));
        list.put("HW-0001", Money.parse("9.90 EUR"));
    }

    @Test
    void keepsSkusSorted() {
        assertEquals("[HW-0001, HW-0002]", list.asMap().keySet().toString());
    }

    @Test
    void unknownSkusHaveNoPrice() {
        assertFalse(list.contains("KT-0007"));
        assertThrows(IllegalArgumentException.class, () -> list.priceOf("KT-0007"));
    }

    @Test
    void aLaterPriceReplacesAnEarlierOne() {
        list.put("HW-0001", Money.parse("8.90 EUR"));
        assertEquals(Money.parse("8.90 EUR"), list.priceOf("HW-0001"));
        assertEquals(2, list.size());
    }
}
