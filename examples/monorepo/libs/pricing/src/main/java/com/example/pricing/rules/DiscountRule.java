package com.example.pricing.rules;

import com.example.core.model.Item;
import com.example.core.model.Money;

/** A discount applicable to one order line. */
public interface DiscountRule {
    /** Short description printed on quotes. */
    String describe();

    /** The discount for {@code quantity} units of {@code item}; zero if the rule does not apply. */
    Money discount(Item item, int quantity);
}
