package com.acme.shop;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entity with the kinds of association Hibernate hands out: a LAZY to-one (a proxy until
 * initialised), a LAZY bag, and EAGER set and map (initialised persistent collections).
 */
@Entity
public class Book {

    @Id
    private Long id;

    private String title;

    private int price;

    @Version
    private Long version;

    @ManyToOne(fetch = FetchType.LAZY)
    private Author author;

    /** No order column: a {@code PersistentBag} while managed. */
    @OneToMany(mappedBy = "book")
    private List<Review> reviews = new ArrayList<>();

    /** EAGER, loaded by a second select: a {@code PersistentSet}, initialised. */
    @ElementCollection(fetch = FetchType.EAGER)
    private Set<String> tags = new HashSet<>();

    /** EAGER too: a {@code PersistentMap}, initialised. */
    @ElementCollection(fetch = FetchType.EAGER)
    private Map<String, String> attributes = new HashMap<>();

    protected Book() {
    }

    public Book(long id, String title, int price, Author author) {
        this.id = id;
        this.title = title;
        this.price = price;
        this.author = author;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public int getPrice() {
        return price;
    }

    public void setPrice(int price) {
        this.price = price;
    }

    public Long getVersion() {
        return version;
    }

    public Author getAuthor() {
        return author;
    }

    public List<Review> getReviews() {
        return reviews;
    }

    public Set<String> getTags() {
        return tags;
    }

    public Map<String, String> getAttributes() {
        return attributes;
    }
}
