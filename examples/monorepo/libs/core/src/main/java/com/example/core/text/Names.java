package com.example.core.text;

import java.util.Locale;
import org.apache.commons.lang3.StringUtils;

/** Normalisation of human-entered product names and tags. */
public final class Names {
    private Names() {
    }

    /** Collapses whitespace and trims: {@code "  Claw   hammer "} becomes {@code "Claw hammer"}. */
    public static String normalise(String name) {
        return StringUtils.normalizeSpace(name);
    }

    /** Lower-case, accent-free, dash-separated: {@code "Crème Brûlée Torch"} → {@code "creme-brulee-torch"}. */
    public static String slug(String text) {
        String plain = StringUtils.stripAccents(StringUtils.defaultString(text))
                .toLowerCase(Locale.ROOT);
        String dashed = plain.replaceAll("[^a-z0-9]+", "-");
        return StringUtils.strip(dashed, "-");
    }

    /** Abbreviates long names for narrow report columns. */
    public static String abbreviate(String name, int maxWidth) {
        return StringUtils.abbreviate(name, maxWidth);
    }
}
