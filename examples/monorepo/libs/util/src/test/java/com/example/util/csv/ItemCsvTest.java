package com.example.util.csv;

import static com.example.testing.matchers.MoneyMatchers.isAmount;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.Assert.assertEquals;

import com.example.core.model.Category;
import com.example.core.model.Item;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class ItemCsvTest {
    @Test
    public void readsItems() {
        List<Item> items = new ItemCsv().read(Arrays.asList(
                "sku,name,category,price,quantity,tags",
                "hw-0001,\"Hammer, claw\",hardware,9.90,4,tools;steel",
                "GD-0100,Hose,Garden,24,2,"));
        assertEquals(2, items.size());
        assertEquals("Hammer, claw", items.get(0).name());
        assertEquals(Arrays.asList("tools", "steel"), items.get(0).tags());
        assertEquals(Category.GARDEN, items.get(1).category());
        assertThat(items.get(1).unitPrice(), isAmount("24.00"));
    }

    @Test
    public void reportsBadLines() {
        try {
            new ItemCsv().read(Arrays.asList("sku,name,category,price,quantity", "bad,x,y,1,1"));
        } catch (IllegalArgumentException e) {
            assertEquals(true, e.getMessage().startsWith("line 2:"));
            return;
        }
        throw new AssertionError("expected failure");
    }
}
