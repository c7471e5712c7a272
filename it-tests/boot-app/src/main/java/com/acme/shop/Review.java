package com.acme.shop;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Review {

    @Id
    private Long id;

    private int stars;

    @ManyToOne(fetch = FetchType.LAZY)
    private Book book;

    protected Review() {
    }

    public Review(long id, int stars, Book book) {
        this.id = id;
        this.stars = stars;
        this.book = book;
    }

    public Long getId() {
        return id;
    }

    public int getStars() {
        return stars;
    }
}
