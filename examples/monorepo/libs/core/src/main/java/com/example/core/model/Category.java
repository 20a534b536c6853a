package com.example.core.model;

/** Coarse product categories used for reporting and pricing rules. */
public enum Category {
    HARDWARE("Hardware"),
    GARDEN("Garden"),
    KITCHEN("Kitchen"),
    TOYS("Toys"),
    OTHER("Other");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses a category case-insensitively; unknown names map to {@link #OTHER}. */
    public static Category parse(String name) {
        if (name == null) {
            return OTHER;
        }
        String wanted = name.trim();
        for (Category c : values()) {
            if (c.name().equalsIgnoreCase(wanted) || c.label.equalsIgnoreCase(wanted)) {
                return c;
            }
        }
        return OTHER;
    }
}
