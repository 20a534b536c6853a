package com.example.shop.catalog;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;

import com.example.shop.money.Money;
import java.util.Arrays;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

public class CatalogTest {
    private Catalog catalog;

    @BeforeMethod
    public void fillCatalog() {
        catalog = new Catalog()
                .add(new Product("HW-0001", "Hammer", Money.parse("9.90 EUR")))
                .add(new Product("HW-0002", "Screws (100)", Money.parse("4.50 EUR")))
                .add(new Product("KT-0007", "Kettle", Money.parse("31.99 EUR")));
    }

    @Test
    public void findsProductsBySku() {
        assertEquals(catalog.get("KT-0007").name(), "Kettle");
        assertFalse(catalog.find("KT-9999").isPresent());
    }

    @Test
    public void listsACategoryCheapestFirst() {
        assertEquals(catalog.inCategory("HW"),
                Arrays.asList(catalog.get("HW-0002"), catalog.get("HW-0001")));
        assertEquals(catalog.inCategory("GD").size(), 0);
    }

    @Test(expectedExceptions = IllegalStateException.class)
    public void refusesDuplicateSkus() {
        catalog.add(new Product("HW-0001", "Another hammer", Money.parse("12.00 EUR")));
    }
}
