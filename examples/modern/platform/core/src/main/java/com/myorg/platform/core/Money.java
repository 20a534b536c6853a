package com.myorg.platform.core;

import com.google.common.base.Preconditions;
import java.math.BigDecimal;
import java.util.Currency;

/** An amount of money in one currency. */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Preconditions.checkNotNull(amount, "amount");
        Preconditions.checkNotNull(currency, "currency");
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    public Money plus(Money other) {
        Preconditions.checkArgument(currency.equals(other.currency), "currency mismatch");
        return new Money(amount.add(other.amount), currency);
    }
}
