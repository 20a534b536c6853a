package com.example.pricing.engine;

import com.example.collections.rank.TopN;
import com.example.core.model.Item;
import com.example.core.model.Money;
import com.example.pricing.rules.DiscountRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prices orders: for each line, the single best applicable discount rule wins. */
public final class PricingEngine {
    private final List<DiscountRule> rules;

    public PricingEngine(DiscountRule... rules) {
        this.rules = new ArrayList<>(Arrays.asList(rules));
    }

    public Quote quote(Map<Item, Integer> order) {
        List<OrderLine> lines = new ArrayList<>();
        for (Map.Entry<Item, Integer> e : order.entrySet()) {
            lines.add(price(e.getKey(), e.getValue()));
        }
        return new Quote(lines);
    }

    public Quote quote(Item item, int quantity) {
        Map<Item, Integer> order = new LinkedHashMap<>();
        order.put(item, quantity);
        return quote(order);
    }

    private OrderLine price(Item item, int quantity) {
        if (quantity > item.quantity()) {
            throw new IllegalArgumentException("only " + item.quantity() + " of " + item.sku()
                    + " in stock, wanted " + quantity);
        }
        Money gross = item.unitPrice().times(quantity);
        List<DiscountRule> best = new TopN<DiscountRule>(1,
                Comparator.comparing((DiscountRule r) -> r.discount(item, quantity))).of(rules);
        if (best.isEmpty() || best.get(0).discount(item, quantity).cents() == 0) {
            return new OrderLine(item, quantity, gross, Money.zero(), "");
        }
        DiscountRule rule = best.get(0);
        return new OrderLine(item, quantity, gross, rule.discount(item, quantity), rule.describe());
    }
}
