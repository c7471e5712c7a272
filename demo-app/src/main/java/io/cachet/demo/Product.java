package io.cachet.demo;

import java.math.BigDecimal;
import java.util.List;

/** A catalog entry, immutable and without a no-arg constructor, as legacy models often are. */
public final class Product {

    private final long id;
    private final String sku;
    private final String name;
    private final String category;
    private final BigDecimal price;
    private final List<String> tags;

    public Product(long id, String sku, String name, String category, BigDecimal price, List<String> tags) {
        this.id = id;
        this.sku = sku;
        this.name = name;
        this.category = category;
        this.price = price;
        this.tags = List.copyOf(tags);
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

    public String getCategory() {
        return category;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public List<String> getTags() {
        return tags;
    }

    @Override
    public String toString() {
        return sku + " " + name + " (" + category + ", " + price + ")";
    }
}
