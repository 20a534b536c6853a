package com.example.text.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fixed-width plain-text table, rendered with a header rule. */
public final class TextTable {
    private final List<String> headers;
    private final Align[] aligns;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = Arrays.asList(headers);
        this.aligns = new Align[headers.length];
        Arrays.fill(aligns, Align.LEFT);
    }

    public TextTable align(int column, Align align) {
        aligns[column] = align;
        return this;
    }

    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    public String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendRow(out, headers, widths);
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                out.append("-+-");
            }
            out.append(repeat('-', widths[i]));
        }
        out.append('\n');
        for (List<String> row : rows) {
            appendRow(out, row, widths);
        }
        return out.toString();
    }

    private void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                line.append(" | ");
            }
            String cell = cells.get(i);
            String pad = repeat(' ', widths[i] - cell.length());
            line.append(aligns[i] == Align.RIGHT ? pad + cell : cell + pad);
        }
        out.append(stripTrailing(line)).append('\n');
    }

    private static String repeat(char c, int n) {
        char[] chars = new char[Math.max(0, n)];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    private static String stripTrailing(StringBuilder s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }
}
