package com.example.core.model;

import com.google.common.base.Preconditions;
import java.util.Locale;
import java.util.regex.Pattern;

/** A stock keeping unit such as {@code HW-0042}: two to four letters, a dash, four digits. */
public final class Sku implements Comparable<Sku> {
    private static final Pattern FORMAT = Pattern.compile("[A-Z]{2,4}-\\d{4}");

    private final String code;

    private Sku(String code) {
        this.code = code;
    }

    public static Sku of(String code) {
        Preconditions.checkNotNull(code, "code");
        String normalised = code.trim().toUpperCase(Locale.ROOT);
        Preconditions.checkArgument(FORMAT.matcher(normalised).matches(), "bad SKU: %s", code);
        return new Sku(normalised);
    }

    public static boolean isValid(String code) {
        return code != null && FORMAT.matcher(code.trim().toUpperCase(Locale.ROOT)).matches();
    }

    public String prefix() {
        return code.substring(0, code.indexOf('-'));
    }

    public int number() {
        return Integer.parseInt(code.substring(code.indexOf('-') + 1));
    }

    public String code() {
        return code;
    }

    @Override
    public int compareTo(Sku other) {
        return code.compareTo(other.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sku && ((Sku) o).code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code;
    }
}
