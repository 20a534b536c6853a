package com.example.api.dto;

/** Traffic-light stock status. */
public enum StockStatus {
    OUT_OF_STOCK,
    LOW,
    OK;

    /** Classifies a quantity against a reorder threshold. */
    public static StockStatus of(int quantity, int lowThreshold) {
        if (quantity <= 0) {
            return OUT_OF_STOCK;
        }
        return quantity <= lowThreshold ? LOW : OK;
    }
}
