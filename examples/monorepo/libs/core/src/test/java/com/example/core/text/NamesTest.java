package com.example.core.text;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class NamesTest {
    @Test
    public void slugs() {
        assertEquals("creme-brulee-torch", Names.slug("Crème Brûlée Torch"));
        assertEquals("a-b", Names.slug("--A  &  B--"));
        assertEquals("", Names.slug(null));
    }

    @Test
    public void abbreviates() {
        assertEquals("Garden...", Names.abbreviate("Garden hose, 25 m", 9));
    }
}
