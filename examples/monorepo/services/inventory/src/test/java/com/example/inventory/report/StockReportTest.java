package com.example.inventory.report;

import static org.junit.Assert.assertTrue;

import com.example.inventory.service.InMemoryInventoryService;
import com.example.testing.fixtures.SampleItems;
import com.example.util.csv.ItemCsv;
import com.example.util.io.TextFiles;
import org.junit.Test;

public class StockReportTest {
    @Test
    public void rendersAllSections() {
        String out = new StockReport(new InMemoryInventoryService(SampleItems.all(), 3)).render();
        assertTrue(out, out.contains("HW-0002 | Wood screws (200)"));
        assertTrue(out, out.contains("Low stock:\n  GD-0100 Garden hose 25 m x2 (LOW)"));
        assertTrue(out, out.contains("Most valuable:\n  HW-0002 135.00 EUR"));
        assertTrue(out, out.contains("Out of stock: KT-0007"));
    }

    @Test
    public void bundledSampleParses() {
        int n = new ItemCsv().read(TextFiles.readResource(getClass(), "sample-items.csv")).size();
        assertTrue("items: " + n, n == 8);
    }
}
