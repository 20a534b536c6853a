package com.example.collections.rank;

import com.google.common.collect.Ordering;
import java.util.Comparator;
import java.util.List;

/** Keeps the N greatest elements by a comparator. */
public final class TopN<T> {
    private final int n;
    private final Comparator<? super T> comparator;

    public TopN(int n, Comparator<? super T> comparator) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        this.n = n;
        this.comparator = comparator;
    }

    /** The greatest {@code n} elements, greatest first; ties keep input order. */
    public List<T> of(Iterable<T> elements) {
        return Ordering.from(comparator).greatestOf(elements, n);
    }
}
