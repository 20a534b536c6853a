package com.example.util.csv;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One parsed CSV record with access by header name. */
public final class CsvRow {
    private final int lineNumber;
    private final Map<String, Integer> header;
    private final List<String> cells;

    CsvRow(int lineNumber, Map<String, Integer> header, List<String> cells) {
        this.lineNumber = lineNumber;
        this.header = header;
        this.cells = Collections.unmodifiableList(cells);
    }

    public int lineNumber() {
        return lineNumber;
    }

    public List<String> cells() {
        return cells;
    }

    public String get(String column) {
        Integer index = header.get(column);
        if (index == null) {
            throw new IllegalArgumentException("no column " + column + " (have " + header.keySet() + ")");
        }
        return index < cells.size() ? cells.get(index) : "";
    }

    public int getInt(String column) {
        return Integer.parseInt(get(column).trim());
    }
}
