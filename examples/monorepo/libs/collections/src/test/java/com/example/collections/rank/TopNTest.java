package com.example.collections.rank;

import static org.junit.Assert.assertEquals;

import com.example.core.model.Category;
import com.example.core.model.Item;
import com.example.core.model.Money;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.Test;

public class TopNTest {
    @Test
    public void greatestFirst() {
        List<Integer> top = new TopN<Integer>(2, Comparator.<Integer>naturalOrder())
                .of(Arrays.asList(3, 9, 1, 7));
        assertEquals(Arrays.asList(9, 7), top);
    }

    @Test
    public void rankings() {
        Item a = Item.builder("AA-0001").name("a").category(Category.TOYS)
                .unitPrice(Money.ofCents(100)).quantity(1).build();
        Item b = Item.builder("AA-0002").name("b").category(Category.TOYS)
                .unitPrice(Money.ofCents(10)).quantity(50).build();
        assertEquals(Arrays.asList(b), ItemRankings.mostValuable(Arrays.asList(a, b), 1));
        assertEquals(Arrays.asList(a, b), ItemRankings.lowestStock(Arrays.asList(b, a), 2));
    }
}
