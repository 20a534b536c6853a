package com.example.inventory.service;

import com.example.api.dto.StockLevel;
import com.example.api.dto.StockStatus;
import com.example.api.spi.InventoryService;
import com.example.api.spi.UnknownSkuException;
import com.example.core.model.Item;
import com.example.core.model.Sku;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A synchronised, map-backed {@link InventoryService}. */
public final class InMemoryInventoryService implements InventoryService {
    private final Map<Sku, Item> items = new TreeMap<>();
    private final int lowThreshold;

    public InMemoryInventoryService(Iterable<Item> initial, int lowThreshold) {
        for (Item item : initial) {
            items.put(item.sku(), item);
        }
        this.lowThreshold = lowThreshold;
    }

    @Override
    public synchronized List<Item> items() {
        return ImmutableList.copyOf(items.values());
    }

    @Override
    public synchronized StockLevel stockLevel(String sku) throws UnknownSkuException {
        return StockLevel.of(find(sku), lowThreshold);
    }

    @Override
    public synchronized StockLevel adjust(String sku, int delta) throws UnknownSkuException {
        Item item = find(sku);
        int quantity = item.quantity() + delta;
        if (quantity < 0) {
            throw new IllegalArgumentException("cannot remove " + (-delta) + " of " + sku
                    + ": only " + item.quantity() + " in stock");
        }
        Item updated = item.withQuantity(quantity);
        items.put(updated.sku(), updated);
        return StockLevel.of(updated, lowThreshold);
    }

    @Override
    public synchronized List<StockLevel> lowStock() {
        List<StockLevel> result = new ArrayList<>();
        for (Item item : items.values()) {
            StockLevel level = StockLevel.of(item, lowThreshold);
            if (level.status() != StockStatus.OK) {
                result.add(level);
            }
        }
        return result;
    }

    private Item find(String sku) throws UnknownSkuException {
        Item item = Sku.isValid(sku) ? items.get(Sku.of(sku)) : null;
        if (item == null) {
            throw new UnknownSkuException(sku);
        }
        return item;
    }
}
