package com.example.pricing.engine;

import static com.example.testing.matchers.MoneyMatchers.isAmount;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.pricing.rules.BulkDiscount;
import com.example.pricing.rules.CategoryDiscount;
import com.example.testing.fixtures.SampleItems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class PricingEngineTest {
    private final PricingEngine engine =
            new PricingEngine(new CategoryDiscount(Category.HARDWARE, 10), new BulkDiscount(4));

    @Test
    public void bestRuleWins() {
        Map<Item, Integer> order = new LinkedHashMap<>();
        order.put(SampleItems.screws(), 8);   // 36.00: bulk 9.00 beats 10% (3.60)
        order.put(SampleItems.hammer(), 1);   //  9.90: 10% = 0.99
        order.put(SampleItems.hose(), 1);     // 24.00: nothing applies
        Quote quote = engine.quote(order);

        assertEquals("every 4. unit free", quote.lines().get(0).appliedRule());
        assertEquals("10% off Hardware", quote.lines().get(1).appliedRule());
        assertEquals("", quote.lines().get(2).appliedRule());
        assertThat(quote.savings(), isAmount("9.99"));
        assertThat(quote.total(), isAmount("59.91"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void cannotSellMoreThanStock() {
        engine.quote(SampleItems.kettle(), 1);
    }
}
