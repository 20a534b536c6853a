package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvenAllocationTest extends AbstractAllocationTest {
    @Override
    protected List<Money> allocate(Money total) {
        return Allocator.evenly(total, parts());
    }

    @Override
    protected int parts() {
        return 3;
    }

    @Test
    void givesTheRemainderToTheFirstShares() {
        assertEquals(Arrays.asList(Money.ofMinor(34, Currency.EUR), Money.ofMinor(33, Currency.EUR),
                Money.ofMinor(33, Currency.EUR)), allocate(Money.ofMinor(100, Currency.EUR)));
    }

    @Test
    void needsAtLeastOnePart() {
        assertThrows(IllegalArgumentException.class, () -> Allocator.evenly(Money.zero(Currency.EUR), 0));
    }
}
