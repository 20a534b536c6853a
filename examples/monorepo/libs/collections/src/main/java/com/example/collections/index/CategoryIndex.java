package com.example.collections.index;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.core.model.Money;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.Multimaps;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Items grouped by category, in input order within each category. */
public final class CategoryIndex {
    private final ImmutableListMultimap<Category, Item> byCategory;

    private CategoryIndex(ImmutableListMultimap<Category, Item> byCategory) {
        this.byCategory = byCategory;
    }

    public static CategoryIndex of(Iterable<Item> items) {
        return new CategoryIndex(Multimaps.index(items, Item::category));
    }

    public List<Item> get(Category category) {
        return byCategory.get(category);
    }

    public ImmutableListMultimap<Category, Item> asMultimap() {
        return byCategory;
    }

    /** Total stock value per category; categories without items are absent. */
    public Map<Category, Money> stockValueByCategory() {
        Map<Category, Money> totals = new EnumMap<>(Category.class);
        for (Map.Entry<Category, Item> e : byCategory.entries()) {
            totals.merge(e.getKey(), e.getValue().stockValue(), Money::plus);
        }
        return totals;
    }
}
