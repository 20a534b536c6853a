package com.myorg.platform.core;

import com.google.common.base.Strings;

/** Opaque customer identifier, e.g. {@code C-000042}. */
public record CustomerId(String value) {

    public CustomerId {
        if (Strings.isNullOrEmpty(value) || !value.startsWith("C-")) {
            throw new IllegalArgumentException("not a customer id: " + value);
        }
    }
}
