package io.cachet.benchmarks;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of every case: a product of 12 fields with 5 variants, about 1 KB as JSON. It has
 * getters (what Jackson serializes), is {@link Serializable} (what JDK serialization needs) and
 * has private no-arg constructors, only because JetCache's Kryo 5 encoder cannot decode a class
 * without one ("Class cannot be created (missing no-arg constructor)"); Cachet and Redisson's
 * Kryo codec do not need them.
 */
public final class Product implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A nested part. */
    public static final class Variant implements Serializable {

        private static final long serialVersionUID = 1L;

        final String sku;
        final String color;
        final String size;
        final int stock;
        final BigDecimal price;

        private Variant() {
            this(null, null, null, 0, null);
        }

        Variant(String sku, String color, String size, int stock, BigDecimal price) {
            this.sku = sku;
            this.color = color;
            this.size = size;
            this.stock = stock;
            this.price = price;
        }

        public String getSku() {
            return sku;
        }

        public String getColor() {
            return color;
        }

        public String getSize() {
            return size;
        }

        public int getStock() {
            return stock;
        }

        public BigDecimal getPrice() {
            return price;
        }
    }

    final long id;
    final String sku;
    final String name;
    final String description;
    final String brand;
    final String category;
    final BigDecimal price;
    final String currency;
    final double rating;
    final int reviews;
    final Instant updated;
    final List<Variant> variants;

    private Product() {
        this.id = 0;
        this.sku = null;
        this.name = null;
        this.description = null;
        this.brand = null;
        this.category = null;
        this.price = null;
        this.currency = null;
        this.rating = 0;
        this.reviews = 0;
        this.updated = null;
        this.variants = null;
    }

    private Product(long id, boolean unmodifiableVariants) {
        this.id = id;
        this.sku = "SKU-" + (100_000 + id);
        this.name = "Trail running shoe, model " + id;
        this.description = "Lightweight trail running shoe with a breathable mesh upper, a rock plate and a lugged outsole.";
        this.brand = "Cachet Outdoor";
        this.category = "footwear/running/trail";
        this.price = new BigDecimal("129.90");
        this.currency = "EUR";
        this.rating = 4.6;
        this.reviews = 1_284;
        this.updated = Instant.parse("2026-11-26T09:00:00Z");
        List<Variant> v = new ArrayList<>();
        String[] colors = {"black", "blue", "red", "grey", "green"};
        for (int i = 0; i < 5; i++) {
            v.add(new Variant(sku + "-" + i, colors[i], String.valueOf(40 + i), 10 * i + 3, new BigDecimal("129.90")));
        }
        this.variants = unmodifiableVariants ? List.copyOf(v) : v;
    }

    /** The payload, its variants in an {@code ArrayList} as most DTOs hold them: mutable. */
    public static Product sample(long id) {
        return new Product(id, false);
    }

    /** The same payload with its variants in {@code List.copyOf}: nothing in it can be mutated. */
    public static Product unmodifiableSample(long id) {
        return new Product(id, true);
    }

    public long getId() {
        return id;
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public String getBrand() {
        return brand;
    }

    public String getCategory() {
        return category;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public String getCurrency() {
        return currency;
    }

    public double getRating() {
        return rating;
    }

    public int getReviews() {
        return reviews;
    }

    public Instant getUpdated() {
        return updated;
    }

    public List<Variant> getVariants() {
        return variants;
    }
}
