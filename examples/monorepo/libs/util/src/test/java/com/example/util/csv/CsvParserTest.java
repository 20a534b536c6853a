package com.example.util.csv;

import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class CsvParserTest {
    private final CsvParser parser = new CsvParser();

    @Test
    public void splitsQuotedFields() {
        assertEquals(Arrays.asList("a", "b,c", "say \"hi\"", ""),
                parser.splitLine("a,\"b,c\",\"say \"\"hi\"\"\","));
    }

    @Test
    public void readsByHeader() {
        List<CsvRow> rows = parser.parse(Arrays.asList(
                "# comment", "name,qty", "", "bolt,3", "nut,12"));
        assertEquals(2, rows.size());
        assertEquals("nut", rows.get(1).get("name"));
        assertEquals(12, rows.get(1).getInt("qty"));
        assertEquals(5, rows.get(1).lineNumber());
    }

    @Test(expected = IllegalArgumentException.class)
    public void unterminatedQuote() {
        parser.splitLine("\"oops");
    }
}
