package com.example.core.model;

import com.example.core.text.Names;
import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.Collection;

/** One line of inventory: what it is, what it costs and how many are in stock. Immutable. */
public final class Item {
    private final Sku sku;
    private final String name;
    private final Category category;
    private final Money unitPrice;
    private final int quantity;
    private final ImmutableList<String> tags;

    private Item(Builder b) {
        this.sku = Preconditions.checkNotNull(b.sku, "sku");
        this.name = Names.normalise(Preconditions.checkNotNull(b.name, "name"));
        this.category = b.category;
        this.unitPrice = Preconditions.checkNotNull(b.unitPrice, "unitPrice");
        Preconditions.checkArgument(b.quantity >= 0, "negative quantity: %s", b.quantity);
        Preconditions.checkArgument(!unitPrice.isNegative(), "negative price: %s", unitPrice);
        this.quantity = b.quantity;
        this.tags = b.tags.build();
    }

    public static Builder builder(String sku) {
        return new Builder(Sku.of(sku));
    }

    public Sku sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public Category category() {
        return category;
    }

    public Money unitPrice() {
        return unitPrice;
    }

    public int quantity() {
        return quantity;
    }

    public ImmutableList<String> tags() {
        return tags;
    }

    /** Value of the whole stock line: unit price times quantity. */
    public Money stockValue() {
        return unitPrice.times(quantity);
    }

    public Item withQuantity(int newQuantity) {
        return toBuilder().quantity(newQuantity).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(sku).name(name).category(category).unitPrice(unitPrice)
                .quantity(quantity);
        b.tags.addAll(tags);
        return b;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
                .add("sku", sku).add("name", name).add("category", category)
                .add("unitPrice", unitPrice).add("quantity", quantity).toString();
    }

    /** Builder for {@link Item}. */
    public static final class Builder {
        private final Sku sku;
        private String name;
        private Category category = Category.OTHER;
        private Money unitPrice = Money.zero();
        private int quantity;
        private final ImmutableList.Builder<String> tags = ImmutableList.builder();

        private Builder(Sku sku) {
            this.sku = sku;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder category(Category value) {
            this.category = Preconditions.checkNotNull(value, "category");
            return this;
        }

        public Builder unitPrice(Money value) {
            this.unitPrice = value;
            return this;
        }

        public Builder quantity(int value) {
            this.quantity = value;
            return this;
        }

        public Builder tag(String tag) {
            this.tags.add(Names.slug(tag));
            return this;
        }

        public Builder tags(Collection<String> values) {
            for (String t : values) {
                tag(t);
            }
            return this;
        }

        public Item build() {
            return new Item(this);
        }
    }
}
