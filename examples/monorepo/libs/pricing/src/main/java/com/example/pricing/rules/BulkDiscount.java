package com.example.pricing.rules;

import com.example.core.model.Item;
import com.example.core.model.Money;
import org.apache.commons.lang3.Validate;

/** "Buy {@code every}, get one free": every n-th unit of a line is free. */
public final class BulkDiscount implements DiscountRule {
    private final int every;

    public BulkDiscount(int every) {
        Validate.isTrue(every >= 2, "every must be >= 2: %d", every);
        this.every = every;
    }

    @Override
    public String describe() {
        return "every " + every + ". unit free";
    }

    @Override
    public Money discount(Item item, int quantity) {
        return item.unitPrice().times(quantity / every);
    }
}
