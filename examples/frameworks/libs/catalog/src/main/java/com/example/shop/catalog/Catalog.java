package com.example.shop.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The products on sale, by SKU. */
public final class Catalog {
    private final Map<String, Product> products = new LinkedHashMap<>();

    public Catalog add(Product product) {
        if (products.putIfAbsent(product.sku(), product) != null) {
            throw new IllegalStateException("duplicate SKU " + product.sku());
        }
        return this;
    }

    public Optional<Product> find(String sku) {
        return Optional.ofNullable(products.get(sku));
    }

    public Product get(String sku) {
        return find(sku).orElseThrow(() -> new IllegalArgumentException("no such product: " + sku));
    }

    /** The products of one category (SKU prefix), cheapest first. */
    public List<Product> inCategory(String category) {
        return products.values().stream()
                .filter(p -> p.category().equals(category))
                .sorted(Comparator.comparing(Product::price).thenComparing(Product::sku))
                .collect(Collectors.toList());
    }

    public List<Product> all() {
        return new ArrayList<>(products.values());
    }

    public int size() {
        return products.size();
    }
}
