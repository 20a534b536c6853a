package com.example.api.spi;

import com.example.api.dto.StockLevel;
import com.example.core.model.Item;
import java.util.List;

/** Read/adjust access to stock. Implementations must be thread-safe. */
public interface InventoryService {
    List<Item> items();

    StockLevel stockLevel(String sku) throws UnknownSkuException;

    /** Adds (positive) or removes (negative) units and returns the new level. */
    StockLevel adjust(String sku, int delta) throws UnknownSkuException;

    List<StockLevel> lowStock();
}
