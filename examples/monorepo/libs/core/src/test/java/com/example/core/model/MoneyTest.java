package com.example.core.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class MoneyTest {
    @Test
    public void parsesAndPrints() {
        assertEquals(1234, Money.parse("12.34").cents());
        assertEquals("12.34 EUR", Money.parse("12.34").toString());
        assertEquals("USD", Money.parse("1 USD").currency());
        assertEquals("0.50 EUR", Money.parse("0.5").toString());
    }

    @Test
    public void arithmetic() {
        Money a = Money.ofCents(1000);
        assertEquals(Money.ofCents(1250), a.plus(Money.ofCents(250)));
        assertEquals(Money.ofCents(750), a.minus(Money.ofCents(250)));
        assertEquals(Money.ofCents(3000), a.times(3));
        assertEquals(Money.ofCents(150), a.percent(15));
        assertTrue(Money.ofCents(-1).isNegative());
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesMixedCurrencies() {
        Money.ofCents(1, "EUR").plus(Money.ofCents(1, "USD"));
    }
}
