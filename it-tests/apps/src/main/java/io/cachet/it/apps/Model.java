package io.cachet.it.apps;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Value types the fixtures return and take as arguments. */
public final class Model {

    private Model() {
    }

    public record Item(long id, String name, List<String> tags) {
    }

    public enum Color { RED, GREEN, BLUE }

    /** Immutable, no no-arg constructor: built by Objenesis on decode. */
    public static final class Money {
        private final BigDecimal amount;
        private final String currency;

        public Money(BigDecimal amount, String currency) {
            this.amount = Objects.requireNonNull(amount);
            this.currency = Objects.requireNonNull(currency);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Money && ((Money) o).amount.equals(amount) && ((Money) o).currency.equals(currency);
        }

        @Override
        public int hashCode() {
            return Objects.hash(amount, currency);
        }

        @Override
        public String toString() {
            return amount + " " + currency;
        }
    }

    /** Holds a lock: a JDK class outside the allow-list, so it cannot be cached. */
    public static final class Guarded {
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final String name;

        public Guarded(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name + (lock.isLocked() ? " (locked)" : "");
        }
    }

    /** A plain mutable bean used as a key argument. */
    public static final class Query {
        private String text;
        private int page;

        public Query(String text, int page) {
            this.text = text;
            this.page = page;
        }

        public String getText() {
            return text;
        }

        public int getPage() {
            return page;
        }
    }
}
