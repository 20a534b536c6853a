package com.example.importer.check;

import static org.junit.Assert.assertEquals;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.core.model.Money;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class ImportCheckerTest {
    private static Item item(String sku, Category category, long cents) {
        return Item.builder(sku).name(sku).category(category).unitPrice(Money.ofCents(cents))
                .quantity(1).build();
    }

    @Test
    public void findsProblems() {
        List<Problem> problems = new ImportChecker(10_000).check(Arrays.asList(
                item("HW-0001", Category.HARDWARE, 500),
                item("HW-0001", Category.HARDWARE, 500),
                item("GD-0001", Category.GARDEN, 20_000),
                item("ZZ-0001", Category.OTHER, 1)));
        assertEquals(3, problems.size());
        assertEquals("HW-0001: duplicate SKU", problems.get(0).toString());
        assertEquals("GD-0001", problems.get(1).sku());
        assertEquals("no known category", problems.get(2).message());
    }

    @Test
    public void cleanBatch() {
        assertEquals(0, new ImportChecker(10_000)
                .check(Arrays.asList(item("TY-0001", Category.TOYS, 299))).size());
    }
}
