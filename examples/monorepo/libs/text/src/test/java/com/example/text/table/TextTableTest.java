package com.example.text.table;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class TextTableTest {
    @Test
    public void rendersAlignedColumns() {
        String out = new TextTable("SKU", "Qty")
                .align(1, Align.RIGHT)
                .row("HW-0001", 4)
                .row("GD-0100", 12)
                .render();
        assertEquals("SKU     | Qty\n"
                + "--------+----\n"
                + "HW-0001 |   4\n"
                + "GD-0100 |  12\n", out);
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsWrongCellCount() {
        new TextTable("a", "b").row("only one");
    }
}
