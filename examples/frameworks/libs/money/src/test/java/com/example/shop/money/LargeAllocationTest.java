package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Allocations over many parts; tagged so a quick run can leave them out (-PjunitPlatformExcludeTags=slow). */
@Tag("slow")
class LargeAllocationTest {
    @Test
    void splitsAcrossAMillionParts() {
        List<Money> shares = Allocator.evenly(Money.ofMinor(1_500_000, Currency.EUR), 1_000_000);
        assertEquals(Money.ofMinor(2, Currency.EUR), shares.get(0));
        assertEquals(Money.ofMinor(1, Currency.EUR), shares.get(999_999));
        assertEquals(1_500_000L, shares.stream().mapToLong(Money::minorUnits).sum());
    }

    @Test
    void complementaryPercentagesOfLargeAmountsAddUp() {
        Money large = Money.ofMinor(Long.MAX_VALUE / 200, Currency.USD);
        assertEquals(large, large.percent(100));
        for (int percent = 0; percent <= 100; percent++) {
            Money sum = large.percent(percent).plus(large.percent(100 - percent));
            assertTrue(Math.abs(sum.minus(large).minorUnits()) <= 1, percent + "% + " + (100 - percent) + "%");
        }
    }
}
