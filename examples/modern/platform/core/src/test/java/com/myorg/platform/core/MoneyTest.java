package com.myorg.platform.core;

import static com.myorg.platform.core.testing.MoneyAssertions.assertMoney;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void addsAmountsInTheSameCurrency() {
        assertMoney(Money.of("1.50", "EUR").plus(Money.of("2.25", "EUR")), "3.75", "EUR");
    }
}
