package com.example.pricing.rules;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.core.model.Money;
import org.apache.commons.lang3.Validate;

/** A percentage off every item of one category. */
public final class CategoryDiscount implements DiscountRule {
    private final Category category;
    private final int percent;

    public CategoryDiscount(Category category, int percent) {
        Validate.inclusiveBetween(1, 100, percent, "percent out of range: %d", percent);
        this.category = Validate.notNull(category, "category");
        this.percent = percent;
    }

    @Override
    public String describe() {
        return percent + "% off " + category.label();
    }

    @Override
    public Money discount(Item item, int quantity) {
        if (item.category() != category) {
            return Money.zero();
        }
        return item.unitPrice().times(quantity).percent(percent);
    }
}
