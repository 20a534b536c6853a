package com.example.collections.rank;

import com.example.core.model.Item;
import java.util.Comparator;
import java.util.List;

/** Common rankings of inventory items. */
public final class ItemRankings {
    private ItemRankings() {
    }

    public static List<Item> mostValuable(Iterable<Item> items, int n) {
        return new TopN<Item>(n, Comparator.comparing(Item::stockValue)).of(items);
    }

    public static List<Item> lowestStock(Iterable<Item> items, int n) {
        Comparator<Item> byQuantity = Comparator.comparingInt(Item::quantity);
        return new TopN<Item>(n, byQuantity.reversed()).of(items);
    }
}
