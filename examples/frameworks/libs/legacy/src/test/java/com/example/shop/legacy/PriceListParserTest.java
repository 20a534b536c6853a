package com.example.shop.legacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import com.example.shop.money.Money;
import java.util.Arrays;
import org.junit.Before;
import org.junit.Test;

/** JUnit 4, run by the vintage engine. */
public class PriceListParserTest {
    private PriceListParser parser;

    @Before
    public void setUp() {
        parser = new PriceListParser();
    }

    @Test
    public void readsPricesSkippingCommentsAndBlankLines() {
        PriceList list = parser.parse(Arrays.asList("# export 2019-03-01", "HW-0001;9,90;EUR", "", "KT-0007;31.99;EUR"));
        assertEquals(2, list.size());
        assertEquals(Money.parse("9.90 EUR"), list.priceOf("HW-0001"));
        assertThat(list.asMap(), hasKey("KT-0007"));
    }

    @Test
    public void reportsTheLineOfABadRow() {
        try {
            parser.parse(Arrays.asList("HW-0001;9,90;EUR", "HW-0002;4.50"));
            fail("expected an IllegalArgumentException");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage(), containsString("line 2"));
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void refusesUnknownCurrencies() {
        parser.parse(Arrays.asList("HW-0001;9,90;XYZ"));
    }
}
