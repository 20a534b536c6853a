package com.example.shop.legacy;

import static org.junit.Assert.assertEquals;

import com.example.shop.money.Money;
import java.util.Arrays;
import java.util.Collection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** A JUnit 4 Parameterized runner, run by the vintage engine. */
@RunWith(Parameterized.class)
public class VatRatesTest {
    @Parameters(name = "{0}")
    public static Collection<Object[]> countries() {
        return Arrays.asList(new Object[][] {
            {"DE", "100.00 EUR", "119.00 EUR"},
            {"LU", "9.99 EUR", "11.69 EUR"},
            {"US", "20.00 USD", "20.00 USD"},
        });
    }

    private final String country;
    private final Money net;
    private final Money gross;

    public VatRatesTest(String country, String net, String gross) {
        this.country = country;
        this.net = Money.parse(net);
        this.gross = Money.parse(gross);
    }

    @Test
    public void addsTheStandardRate() {
        assertEquals(gross, VatRates.gross(net, country));
    }
}
