package com.example.importer;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import org.junit.Test;

public class ImportMainTest {
    @Test
    public void countsProblems() {
        assertEquals(1, ImportMain.run(Arrays.asList(
                "sku,name,category,price,quantity",
                "HW-0001,Hammer,hardware,9.90,4",
                "HW-0001,Hammer again,hardware,9.90,1",
                "TY-0002,Kite,toys,12.00,9")));
    }
}
