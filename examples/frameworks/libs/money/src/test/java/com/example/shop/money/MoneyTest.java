package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MoneyTest {
    private final Money tenEuros = Money.ofMinor(1000, Currency.EUR);

    @Test
    void printsInMajorUnits() {
        assertEquals("10.00 EUR", tenEuros.toString());
        assertEquals("-0.05 USD", Money.ofMinor(-5, Currency.USD).toString());
        assertEquals("1500 JPY", Money.ofMinor(1500, Currency.JPY).toString());
    }

    @Test
    void equalityNeedsTheSameCurrency() {
        assertEquals(Money.ofMinor(1000, Currency.EUR), tenEuros);
        assertNotEquals(Money.ofMinor(1000, Currency.USD), tenEuros);
    }

    @Nested
    @DisplayName("arithmetic")
    class Arithmetic {
        @Test
        void addsAndSubtracts() {
            assertEquals(Money.ofMinor(1250, Currency.EUR), tenEuros.plus(Money.ofMinor(250, Currency.EUR)));
            assertEquals(Money.ofMinor(-250, Currency.EUR), Money.zero(Currency.EUR).minus(Money.ofMinor(250, Currency.EUR)));
            assertTrue(Money.zero(Currency.EUR).minus(tenEuros).isNegative());
        }

        @Test
        void multipliesAndTakesPercentages() {
            assertEquals(Money.ofMinor(3000, Currency.EUR), tenEuros.times(3));
            assertEquals(Money.ofMinor(150, Currency.EUR), tenEuros.percent(15));
            assertEquals(Money.ofMinor(2, Currency.EUR), Money.ofMinor(5, Currency.EUR).percent(30)); // 1.5 -> 2
        }

        @Test
        void refusesToMixCurrencies() {
            assertThrows(IllegalArgumentException.class, () -> tenEuros.plus(Money.ofMinor(1, Currency.GBP)));
        }
    }
}
