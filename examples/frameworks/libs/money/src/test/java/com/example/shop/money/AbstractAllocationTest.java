package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract every allocation strategy keeps. Not a test class of its own: the concrete
 * subclasses inherit these {@code @Test} methods.
 */
abstract class AbstractAllocationTest {
    /** The strategy under test, splitting {@code total} into {@link #parts()} shares. */
    protected abstract List<Money> allocate(Money total);

    protected abstract int parts();

    @Test
    void producesOneSharePerPart() {
        assertEquals(parts(), allocate(Money.ofMinor(1000, Currency.EUR)).size());
    }

    @Test
    void sharesAddUpToTheTotal() {
        for (long minor : new long[] {0, 1, 99, 1000, 12345, -701}) {
            Money total = Money.ofMinor(minor, Currency.USD);
            Money sum = Money.zero(Currency.USD);
            for (Money share : allocate(total)) {
                sum = sum.plus(share);
            }
            assertEquals(total, sum, "allocating " + total);
        }
    }

    @Test
    void sharesKeepTheCurrency() {
        assertTrue(allocate(Money.ofMinor(777, Currency.JPY)).stream().allMatch(m -> m.currency() == Currency.JPY));
    }
}
