package com.example.collections.index;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasEntry;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.core.model.Money;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class CategoryIndexTest {
    static Item item(String sku, Category c, long cents, int qty) {
        return Item.builder(sku).name(sku).category(c).unitPrice(Money.ofCents(cents))
                .quantity(qty).build();
    }

    private final List<Item> items = Arrays.asList(
            item("HW-0001", Category.HARDWARE, 100, 2),
            item("GD-0001", Category.GARDEN, 500, 1),
            item("HW-0002", Category.HARDWARE, 50, 10));

    @Test
    public void groupsByCategory() {
        CategoryIndex index = CategoryIndex.of(items);
        assertThat(index.get(Category.HARDWARE), contains(items.get(0), items.get(2)));
        assertThat(index.get(Category.TOYS), empty());
    }

    @Test
    public void totalsPerCategory() {
        CategoryIndex index = CategoryIndex.of(items);
        assertThat(index.stockValueByCategory(), hasEntry(Category.HARDWARE, Money.ofCents(700)));
        assertThat(index.stockValueByCategory(), hasEntry(Category.GARDEN, Money.ofCents(500)));
    }

    @Test
    public void skuLookup() {
        SkuIndex index = SkuIndex.of(items);
        assertThat(index.find("hw-0002").get(), org.hamcrest.Matchers.sameInstance(items.get(2)));
        assertThat(index.withPrefix("HW"), contains(items.get(0), items.get(2)));
        assertThat(index.find("nonsense").isPresent(), org.hamcrest.Matchers.is(false));
    }
}
