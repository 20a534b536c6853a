package com.example.util.csv;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.core.model.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.lang3.StringUtils;

/** Reads items from CSV with the columns {@code sku,name,category,price,quantity[,tags]}. */
public final class ItemCsv {
    private final CsvParser parser = new CsvParser();

    public List<Item> read(List<String> lines) {
        List<Item> items = new ArrayList<>();
        for (CsvRow row : parser.parse(lines)) {
            try {
                items.add(toItem(row));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "line " + row.lineNumber() + ": " + e.getMessage(), e);
            }
        }
        return items;
    }

    private static Item toItem(CsvRow row) {
        Item.Builder b = Item.builder(row.get("sku"))
                .name(row.get("name"))
                .category(Category.parse(row.get("category")))
                .unitPrice(Money.parse(row.get("price")))
                .quantity(row.getInt("quantity"));
        if (row.cells().size() > 5) {
            String tags = row.get("tags");
            if (StringUtils.isNotBlank(tags)) {
                b.tags(Arrays.asList(StringUtils.split(tags, ';')));
            }
        }
        return b.build();
    }
}
