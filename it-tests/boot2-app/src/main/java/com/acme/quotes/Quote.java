package com.acme.quotes;

import javax.persistence.Entity;
import javax.persistence.Id;

/** A price quote; Boot 2.7's JPA is javax.persistence on Hibernate 5.6. */
@Entity
public class Quote {

    @Id
    private Long id;
    private String symbol;
    private long cents;

    protected Quote() {
    }

    Quote(Long id, String symbol, long cents) {
        this.id = id;
        this.symbol = symbol;
        this.cents = cents;
    }

    public Long getId() {
        return id;
    }

    public String getSymbol() {
        return symbol;
    }

    public long getCents() {
        return cents;
    }
}
