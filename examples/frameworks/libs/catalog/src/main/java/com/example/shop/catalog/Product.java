package com.example.shop.catalog;

import com.example.shop.money.Money;
import java.util.Objects;

/** An item the shop sells. */
public final class Product {
    private final String sku;
    private final String name;
    private final Money price;

    public Product(String sku, String name, Money price) {
        this.sku = Sku.require(sku);
        this.name = Objects.requireNonNull(name, "name");
        if (price.isNegative()) {
            throw new IllegalArgumentException("negative price for " + sku + ": " + price);
        }
        this.price = price;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public Money price() {
        return price;
    }

    public String category() {
        return Sku.prefix(sku);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Product && ((Product) o).sku.equals(sku);
    }

    @Override
    public int hashCode() {
        return sku.hashCode();
    }

    @Override
    public String toString() {
        return sku + " " + name + " (" + price + ")";
    }
}
