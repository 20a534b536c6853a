package com.example.pricing.engine;

import com.example.core.model.Item;
import com.example.core.model.Money;

/** One priced line of a quote. */
public final class OrderLine {
    private final Item item;
    private final int quantity;
    private final Money gross;
    private final Money discount;
    private final String appliedRule;

    OrderLine(Item item, int quantity, Money gross, Money discount, String appliedRule) {
        this.item = item;
        this.quantity = quantity;
        this.gross = gross;
        this.discount = discount;
        this.appliedRule = appliedRule;
    }

    public Item item() {
        return item;
    }

    public int quantity() {
        return quantity;
    }

    public Money gross() {
        return gross;
    }

    public Money discount() {
        return discount;
    }

    public Money net() {
        return gross.minus(discount);
    }

    /** Description of the rule that gave the discount, or "" if none applied. */
    public String appliedRule() {
        return appliedRule;
    }
}
