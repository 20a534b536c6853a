package com.example.importer.check;

import com.example.collections.index.CategoryIndex;
import com.example.core.model.Category;
import com.example.core.model.Item;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a batch of parsed items for duplicates, uncategorised items and suspicious prices. */
public final class ImportChecker {
    private final long maxPriceCents;

    public ImportChecker(long maxPriceCents) {
        this.maxPriceCents = maxPriceCents;
    }

    public List<Problem> check(List<Item> items) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Item item : items) {
            String sku = item.sku().code();
            if (!seen.add(sku)) {
                problems.add(new Problem(sku, "duplicate SKU"));
            }
            if (item.unitPrice().cents() > maxPriceCents) {
                problems.add(new Problem(sku, "price " + item.unitPrice() + " above limit"));
            }
        }
        for (Item item : CategoryIndex.of(items).get(Category.OTHER)) {
            problems.add(new Problem(item.sku().code(), "no known category"));
        }
        return problems;
    }
}
