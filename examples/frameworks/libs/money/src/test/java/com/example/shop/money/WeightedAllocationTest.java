package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedAllocationTest extends AbstractAllocationTest {
    private static final int[] WEIGHTS = {1, 3, 0, 6};

    @Override
    protected List<Money> allocate(Money total) {
        return Allocator.byWeights(total, WEIGHTS);
    }

    @Override
    protected int parts() {
        return WEIGHTS.length;
    }

    @Test
    void splitsInProportionToTheWeights() {
        assertEquals(Arrays.asList(Money.ofMinor(10, Currency.GBP), Money.ofMinor(30, Currency.GBP),
                Money.zero(Currency.GBP), Money.ofMinor(60, Currency.GBP)), allocate(Money.ofMinor(100, Currency.GBP)));
    }
}
