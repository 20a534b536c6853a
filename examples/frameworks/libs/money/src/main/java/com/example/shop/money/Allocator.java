package com.example.shop.money;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Splits an amount into shares without losing a minor unit: the remainder of the division goes,
 * one unit each, to the first shares.
 */
public final class Allocator {
    private Allocator() {
    }

    /** {@code parts} shares as equal as possible. */
    public static List<Money> evenly(Money total, int parts) {
        if (parts <= 0) {
            throw new IllegalArgumentException("parts must be positive: " + parts);
        }
        int[] weights = new int[parts];
        Arrays.fill(weights, 1);
        return byWeights(total, weights);
    }

    /** One share per weight, proportional to it (weights 1, 3 split 100 into 25 and 75). */
    public static List<Money> byWeights(Money total, int... weights) {
        long sum = 0;
        for (int weight : weights) {
            if (weight < 0) {
                throw new IllegalArgumentException("negative weight: " + weight);
            }
            sum += weight;
        }
        if (weights.length == 0 || sum == 0) {
            throw new IllegalArgumentException("no weights to allocate by");
        }
        long[] shares = new long[weights.length];
        long allocated = 0;
        for (int i = 0; i < weights.length; i++) {
            shares[i] = total.minorUnits() * weights[i] / sum;
            allocated += shares[i];
        }
        long step = total.isNegative() ? -1 : 1;
        for (int i = 0; allocated != total.minorUnits(); i = (i + 1) % shares.length) {
            if (weights[i] > 0) {
                shares[i] += step;
                allocated += step;
            }
        }
        List<Money> result = new ArrayList<>(shares.length);
        for (long share : shares) {
            result.add(Money.ofMinor(share, total.currency()));
        }
        return Collections.unmodifiableList(result);
    }
}
