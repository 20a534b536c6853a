package com.example.core.model;

import com.google.common.base.Preconditions;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** An amount of money in one currency, stored as minor units (cents). Immutable. */
public final class Money implements Comparable<Money> {
    public static final String DEFAULT_CURRENCY = "EUR";

    private final long cents;
    private final String currency;

    private Money(long cents, String currency) {
        Preconditions.checkArgument(currency != null && currency.length() == 3,
                "currency must be an ISO code: %s", currency);
        this.cents = cents;
        this.currency = currency;
    }

    public static Money ofCents(long cents) {
        return new Money(cents, DEFAULT_CURRENCY);
    }

    public static Money ofCents(long cents, String currency) {
        return new Money(cents, currency);
    }

    /** Parses "12.34" (default currency) or "12.34 USD". */
    public static Money parse(String text) {
        Preconditions.checkNotNull(text, "text");
        String[] parts = text.trim().split("\\s+");
        String currency = parts.length > 1 ? parts[1] : DEFAULT_CURRENCY;
        BigDecimal amount = new BigDecimal(parts[0]).setScale(2, RoundingMode.HALF_EVEN);
        return new Money(amount.movePointRight(2).longValueExact(), currency);
    }

    public static Money zero() {
        return ofCents(0);
    }

    public long cents() {
        return cents;
    }

    public String currency() {
        return currency;
    }

    public Money plus(Money other) {
        checkSameCurrency(other);
        return new Money(cents + other.cents, currency);
    }

    public Money minus(Money other) {
        checkSameCurrency(other);
        return new Money(cents - other.cents, currency);
    }

    public Money times(long factor) {
        return new Money(cents * factor, currency);
    }

    /** Multiplies by a percentage (e.g. 15 = 15 %), rounding half-even to whole cents. */
    public Money percent(int percent) {
        BigDecimal scaled = BigDecimal.valueOf(cents).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_EVEN);
        return new Money(scaled.longValueExact(), currency);
    }

    public boolean isNegative() {
        return cents < 0;
    }

    private void checkSameCurrency(Money other) {
        Preconditions.checkArgument(currency.equals(other.currency),
                "currency mismatch: %s vs %s", currency, other.currency);
    }

    @Override
    public int compareTo(Money other) {
        checkSameCurrency(other);
        return Long.compare(cents, other.cents);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Money)) {
            return false;
        }
        Money m = (Money) o;
        return cents == m.cents && currency.equals(m.currency);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(cents) + currency.hashCode();
    }

    @Override
    public String toString() {
        return BigDecimal.valueOf(cents, 2).toPlainString() + " " + currency;
    }
}
