package com.myorg.platform.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.myorg.platform.core.Money;

/** Assertions shared by the tests of every project that handles money. */
public final class MoneyAssertions {

    private MoneyAssertions() {}

    public static void assertMoney(Money actual, String amount, String currencyCode) {
        assertThat(actual.amount()).isEqualByComparingTo(amount);
        assertThat(actual.currency().getCurrencyCode()).isEqualTo(currencyCode);
    }
}
