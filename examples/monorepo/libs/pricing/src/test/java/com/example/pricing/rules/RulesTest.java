package com.example.pricing.rules;

import static com.example.testing.matchers.MoneyMatchers.isAmount;
import static com.example.testing.matchers.MoneyMatchers.isFree;
import static org.hamcrest.MatcherAssert.assertThat;

import com.example.core.model.Category;
import com.example.testing.fixtures.SampleItems;
import org.junit.Test;

public class RulesTest {
    @Test
    public void categoryDiscount() {
        DiscountRule rule = new CategoryDiscount(Category.GARDEN, 10);
        assertThat(rule.discount(SampleItems.hose(), 2), isAmount("4.80"));
        assertThat(rule.discount(SampleItems.hammer(), 2), isFree());
    }

    @Test
    public void bulkDiscount() {
        DiscountRule rule = new BulkDiscount(3);
        assertThat(rule.discount(SampleItems.screws(), 7), isAmount("9.00"));
        assertThat(rule.discount(SampleItems.screws(), 2), isFree());
    }

    @Test(expected = IllegalArgumentException.class)
    public void validatesPercent() {
        new CategoryDiscount(Category.TOYS, 0);
    }
}
