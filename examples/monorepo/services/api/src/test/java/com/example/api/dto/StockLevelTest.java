package com.example.api.dto;

import static org.junit.Assert.assertEquals;

import com.example.core.model.Item;
import com.example.core.model.Money;
import org.junit.Test;

public class StockLevelTest {
    @Test
    public void classifies() {
        assertEquals(StockStatus.OUT_OF_STOCK, StockStatus.of(0, 5));
        assertEquals(StockStatus.LOW, StockStatus.of(5, 5));
        assertEquals(StockStatus.OK, StockStatus.of(6, 5));
    }

    @Test
    public void fromItem() {
        Item item = Item.builder("TY-0001").name("Yo-yo").unitPrice(Money.ofCents(299))
                .quantity(3).build();
        assertEquals(new StockLevel("TY-0001", "Yo-yo", 3, StockStatus.LOW),
                StockLevel.of(item, 3));
    }
}
