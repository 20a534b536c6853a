package com.example.util.io;

import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.Arrays;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TextFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void roundTrip() throws Exception {
        File f = new File(tmp.getRoot(), "stock.CSV");
        TextFiles.write(f, "a\nü\n");
        assertEquals(Arrays.asList("a", "ü"), TextFiles.readLines(f));
        assertEquals("csv", TextFiles.extension(f));
    }
}
