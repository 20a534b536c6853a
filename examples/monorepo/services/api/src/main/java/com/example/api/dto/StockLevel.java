package com.example.api.dto;

import com.example.core.model.Item;
import org.apache.commons.lang3.builder.EqualsBuilder;
import org.apache.commons.lang3.builder.HashCodeBuilder;

/** What the service reports about one SKU. */
public final class StockLevel {
    private final String sku;
    private final String name;
    private final int quantity;
    private final StockStatus status;

    public StockLevel(String sku, String name, int quantity, StockStatus status) {
        this.sku = sku;
        this.name = name;
        this.quantity = quantity;
        this.status = status;
    }

    public static StockLevel of(Item item, int lowThreshold) {
        return new StockLevel(item.sku().code(), item.name(), item.quantity(),
                StockStatus.of(item.quantity(), lowThreshold));
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public int quantity() {
        return quantity;
    }

    public StockStatus status() {
        return status;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StockLevel)) {
            return false;
        }
        StockLevel other = (StockLevel) o;
        return new EqualsBuilder().append(sku, other.sku).append(name, other.name)
                .append(quantity, other.quantity).append(status, other.status).isEquals();
    }

    @Override
    public int hashCode() {
        return new HashCodeBuilder().append(sku).append(name).append(quantity).append(status)
                .toHashCode();
    }

    @Override
    public String toString() {
        return sku + " " + name + " x" + quantity + " (" + status + ")";
    }
}
