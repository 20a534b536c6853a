package com.example.shop.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** An amount of money, held exactly as a count of minor units (cents) of one currency. */
public final class Money implements Comparable<Money> {
    private final long minorUnits;
    private final Currency currency;

    private Money(long minorUnits, Currency currency) {
        this.minorUnits = minorUnits;
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    public static Money ofMinor(long minorUnits, Currency currency) {
        return new Money(minorUnits, currency);
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /** Parses {@code "12.34 EUR"}, {@code "-0.5 USD"} or {@code "100 JPY"}. */
    public static Money parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected '<amount> <currency>': '" + text + "'");
        }
        Currency currency = Currency.fromCode(parts[1]);
        BigDecimal amount = new BigDecimal(parts[0]);
        if (amount.scale() > currency.minorDigits()) {
            throw new IllegalArgumentException("too many decimals for " + currency + ": " + parts[0]);
        }
        return new Money(amount.movePointRight(currency.minorDigits()).longValueExact(), currency);
    }

    public long minorUnits() {
        return minorUnits;
    }

    public Currency currency() {
        return currency;
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(minorUnits, sameCurrency(other).minorUnits), currency);
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(minorUnits, sameCurrency(other).minorUnits), currency);
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(minorUnits, factor), currency);
    }

    /** {@code percent} % of this amount, rounded half up to a whole minor unit. */
    public Money percent(int percent) {
        BigDecimal share = BigDecimal.valueOf(minorUnits).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP);
        return new Money(share.longValueExact(), currency);
    }

    public boolean isNegative() {
        return minorUnits < 0;
    }

    public boolean isZero() {
        return minorUnits == 0;
    }

    private Money sameCurrency(Money other) {
        if (other.currency != currency) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
        return other;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(minorUnits, sameCurrency(other).minorUnits);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Money)) {
            return false;
        }
        Money other = (Money) o;
        return minorUnits == other.minorUnits && currency == other.currency;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minorUnits, currency);
    }

    @Override
    public String toString() {
        return BigDecimal.valueOf(minorUnits, currency.minorDigits()).toPlainString() + " " + currency;
    }
}
