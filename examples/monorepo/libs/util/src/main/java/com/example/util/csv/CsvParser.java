package com.example.util.csv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.StringUtils;

/**
 * A small RFC-4180-ish CSV parser: comma separated, double-quoted fields with "" escapes,
 * first line is the header, blank lines and lines starting with '#' are skipped.
 */
public final class CsvParser {
    private final char separator;

    public CsvParser() {
        this(',');
    }

    public CsvParser(char separator) {
        this.separator = separator;
    }

    public List<CsvRow> parse(List<String> lines) {
        List<CsvRow> rows = new ArrayList<>();
        Map<String, Integer> header = null;
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            if (StringUtils.isBlank(line) || line.trim().startsWith("#")) {
                continue;
            }
            List<String> cells = splitLine(line);
            if (header == null) {
                header = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    header.put(cells.get(i).trim(), i);
                }
            } else {
                rows.add(new CsvRow(lineNumber, header, cells));
            }
        }
        return rows;
    }

    List<String> splitLine(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote in: " + line);
        }
        cells.add(cell.toString());
        return cells;
    }
}
