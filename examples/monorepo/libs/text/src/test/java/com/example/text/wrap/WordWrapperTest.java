package com.example.text.wrap;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import org.junit.Test;

public class WordWrapperTest {
    @Test
    public void wrapsOnWords() {
        assertEquals(Arrays.asList("the quick", "brown fox"),
                new WordWrapper(10).wrap("the quick brown fox"));
    }

    @Test
    public void splitsLongWords() {
        assertEquals(Arrays.asList("abcd", "efgh", "ij k"),
                new WordWrapper(4).wrap("abcdefghij k"));
    }

    @Test
    public void emptyText() {
        assertEquals(0, new WordWrapper(5).wrap("   ").size());
    }
}
