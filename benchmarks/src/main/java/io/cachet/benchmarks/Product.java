package io.cachet.benchmarks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The payload of every case: a product of 12 fields with 5 variants, about 1 KB as JSON. */
public final class Product {

    /** A nested part. */
    public static final class Variant {
        final String sku;
        final String color;
        final String size;
        final int stock;
        final BigDecimal price;

        Variant(String sku, String color, String size, int stock, BigDecimal price) {
            this.sku = sku;
            this.color = color;
            this.size = size;
            this.stock = stock;
            this.price = price;
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

    private Product(long id) {
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
        this.variants = v;
    }

    public static Product sample(long id) {
        return new Product(id);
    }
}
