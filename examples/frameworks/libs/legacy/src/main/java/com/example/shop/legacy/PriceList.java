package com.example.shop.legacy;

import com.example.shop.money.Money;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Prices by SKU, as the old back office exported them. */
public final class PriceList {
    private final Map<String, Money> prices = new TreeMap<>();

    public void put(String sku, Money price) {
        prices.put(sku, price);
    }

    public Money priceOf(String sku) {
        Money price = prices.get(sku);
        if (price == null) {
            throw new IllegalArgumentException("no price for " + sku);
        }
        return price;
    }

    public boolean contains(String sku) {
        return prices.containsKey(sku);
    }

    public Map<String, Money> asMap() {
        return Collections.unmodifiableMap(prices);
    }

    public int size() {
        return prices.size();
    }
}
