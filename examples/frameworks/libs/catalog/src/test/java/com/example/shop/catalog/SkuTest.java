package com.example.shop.catalog;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class SkuTest {
    @DataProvider(name = "wellFormed")
    public Object[][] wellFormed() {
        return new Object[][] {
            {"HW-0001", "HW"},
            {"KT-0007", "KT"},
            {"GD-9999", "GD"},
        };
    }

    @DataProvider(name = "malformed")
    public Object[][] malformed() {
        return new Object[][] {{"hw-0001"}, {"HW0001"}, {"HW-001"}, {""}};
    }

    @Test(dataProvider = "wellFormed")
    public void acceptsWellFormedSkus(String sku, String prefix) {
        assertTrue(Sku.isValid(sku));
        assertEquals(Sku.prefix(sku), prefix);
    }

    @Test(dataProvider = "malformed")
    public void rejectsMalformedSkus(String sku) {
        assertFalse(Sku.isValid(sku));
    }

    @Test(expectedExceptions = IllegalArgumentException.class)
    public void requireNamesTheBadSku() {
        Sku.require(null);
    }
}
