package com.example.inventory.service;

import static org.junit.Assert.assertEquals;

import com.example.api.dto.StockStatus;
import com.example.api.spi.UnknownSkuException;
import com.example.testing.fixtures.SampleItems;
import org.junit.Test;

public class InMemoryInventoryServiceTest {
    private final InMemoryInventoryService service =
            new InMemoryInventoryService(SampleItems.all(), 3);

    @Test
    public void adjustsStock() throws Exception {
        assertEquals(StockStatus.OK, service.stockLevel("HW-0001").status());
        assertEquals(StockStatus.LOW, service.adjust("hw-0001", -2).status());
        assertEquals(2, service.stockLevel("HW-0001").quantity());
        assertEquals(StockStatus.OUT_OF_STOCK, service.adjust("HW-0001", -2).status());
    }

    @Test
    public void lowStockInSkuOrder() {
        assertEquals(2, service.lowStock().size());
        assertEquals("GD-0100", service.lowStock().get(0).sku());
        assertEquals("KT-0007", service.lowStock().get(1).sku());
    }

    @Test(expected = UnknownSkuException.class)
    public void unknownSku() throws Exception {
        service.stockLevel("XX-9999");
    }

    @Test(expected = IllegalArgumentException.class)
    public void cannotGoNegative() throws Exception {
        service.adjust("KT-0007", -1);
    }
}
