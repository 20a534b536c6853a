package com.example.pricing.engine;

import com.example.core.model.Money;
import java.util.Collections;
import java.util.List;

/** A priced order: lines and totals. */
public final class Quote {
    private final List<OrderLine> lines;

    Quote(List<OrderLine> lines) {
        this.lines = Collections.unmodifiableList(lines);
    }

    public List<OrderLine> lines() {
        return lines;
    }

    public Money total() {
        Money sum = Money.zero();
        for (OrderLine line : lines) {
            sum = sum.plus(line.net());
        }
        return sum;
    }

    public Money savings() {
        Money sum = Money.zero();
        for (OrderLine line : lines) {
            sum = sum.plus(line.discount());
        }
        return sum;
    }
}
