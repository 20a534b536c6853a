package com.example.inventory.report;

import com.example.api.dto.StockLevel;
import com.example.api.spi.InventoryService;
import com.example.collections.rank.ItemRankings;
import com.example.core.model.Item;
import com.example.core.text.Names;
import com.example.reporting.SummaryBuilder;
import com.example.text.table.Align;
import com.example.text.table.TextTable;
import java.util.List;

/** Renders the console report: stock table, low-stock list, Kotlin summary. */
public final class StockReport {
    private final InventoryService service;

    public StockReport(InventoryService service) {
        this.service = service;
    }

    public String stockTable() {
        TextTable table = new TextTable("SKU", "Name", "Category", "Price", "Qty")
                .align(3, Align.RIGHT)
                .align(4, Align.RIGHT);
        for (Item item : service.items()) {
            table.row(item.sku(), Names.abbreviate(item.name(), 20), item.category().label(),
                    item.unitPrice(), item.quantity());
        }
        return table.render();
    }

    public String lowStock() {
        StringBuilder out = new StringBuilder();
        for (StockLevel level : service.lowStock()) {
            out.append("  ").append(level).append('\n');
        }
        return out.toString();
    }

    public String mostValuable(int n) {
        StringBuilder out = new StringBuilder();
        List<Item> top = ItemRankings.mostValuable(service.items(), n);
        for (Item item : top) {
            out.append("  ").append(item.sku()).append(' ').append(item.stockValue()).append('\n');
        }
        return out.toString();
    }

    /** Category totals, computed by the Kotlin reporting module. */
    public String summary() {
        return SummaryBuilder.summarise(service.items()).render();
    }

    public String render() {
        return stockTable() + "\nLow stock:\n" + lowStock() + "\nMost valuable:\n"
                + mostValuable(3) + "\n" + summary();
    }
}
