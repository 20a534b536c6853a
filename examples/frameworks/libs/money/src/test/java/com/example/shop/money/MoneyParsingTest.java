package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyParsingTest {
    @ParameterizedTest
    @CsvSource({
        "12.34 EUR, 1234, EUR",
        "0.5 usd,   50,   USD",
        "-3.10 GBP, -310, GBP",
        "100 JPY,   100,  JPY",
    })
    void parsesAmountAndCurrency(String text, long minorUnits, Currency currency) {
        Money money = Money.parse(text);
        assertEquals(minorUnits, money.minorUnits());
        assertEquals(currency, money.currency());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12.34", "12.345 EUR", "1.5 JPY", "abc EUR", "12 XYZ"})
    void rejectsMalformedText(String text) {
        assertThrows(IllegalArgumentException.class, () -> Money.parse(text));
    }
}
