package com.example.collections.index;

import com.example.core.model.Item;
import com.example.core.model.Sku;
import com.google.common.collect.ImmutableSortedMap;
import java.util.Optional;

/** Items by SKU, sorted; rejects duplicate SKUs. */
public final class SkuIndex {
    private final ImmutableSortedMap<Sku, Item> bySku;

    private SkuIndex(ImmutableSortedMap<Sku, Item> bySku) {
        this.bySku = bySku;
    }

    public static SkuIndex of(Iterable<Item> items) {
        ImmutableSortedMap.Builder<Sku, Item> b = ImmutableSortedMap.naturalOrder();
        for (Item item : items) {
            b.put(item.sku(), item);
        }
        return new SkuIndex(b.build());   // throws IllegalArgumentException on duplicates
    }

    public Optional<Item> find(String sku) {
        return Sku.isValid(sku) ? Optional.ofNullable(bySku.get(Sku.of(sku))) : Optional.empty();
    }

    public int size() {
        return bySku.size();
    }

    /** All items whose SKU has the given prefix, e.g. "HW". */
    public Iterable<Item> withPrefix(String prefix) {
        return bySku.subMap(Sku.of(prefix + "-0000"), true, Sku.of(prefix + "-9999"), true).values();
    }
}
