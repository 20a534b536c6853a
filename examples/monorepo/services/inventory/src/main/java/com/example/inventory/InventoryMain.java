package com.example.inventory;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.inventory.report.StockReport;
import com.example.inventory.service.InMemoryInventoryService;
import com.example.pricing.engine.OrderLine;
import com.example.pricing.engine.PricingEngine;
import com.example.pricing.engine.Quote;
import com.example.pricing.rules.BulkDiscount;
import com.example.pricing.rules.CategoryDiscount;
import com.example.util.csv.ItemCsv;
import com.example.util.io.TextFiles;
import java.io.File;
import java.util.List;

/**
 * Prints a stock report and a sample quote.
 *
 * <p>Usage: {@code inventory [items.csv]} (defaults to the bundled sample stock).
 */
public final class InventoryMain {
    private InventoryMain() {
    }

    public static void main(String[] args) {
        List<String> lines = args.length > 0
                ? TextFiles.readLines(new File(args[0]))
                : TextFiles.readResource(InventoryMain.class, "sample-items.csv");
        List<Item> items = new ItemCsv().read(lines);
        InMemoryInventoryService service = new InMemoryInventoryService(items, 3);

        System.out.println(new StockReport(service).render());

        PricingEngine engine = new PricingEngine(
                new CategoryDiscount(Category.GARDEN, 15), new BulkDiscount(5));
        Quote quote = engine.quote(items.get(1), 10);
        for (OrderLine line : quote.lines()) {
            System.out.println("Quote: " + line.quantity() + " x " + line.item().name()
                    + " = " + line.net() + (line.appliedRule().isEmpty() ? "" : " (" + line.appliedRule() + ")"));
        }
    }
}
