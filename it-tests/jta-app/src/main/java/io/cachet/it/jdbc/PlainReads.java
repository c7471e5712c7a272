package io.cachet.it.jdbc;

import io.cachet.it.tx.Hold;
import io.cachet.it.tx.TxApp;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.IntToLongFunction;

/** The reads of the applications on {@link Prices}: {@code price} (Redis only) and {@code nearPrice}. */
public abstract class PlainReads extends TxApp {

    protected final Prices prices;

    protected PlainReads(Prices prices) {
        this.prices = prices;
    }

    @Override
    protected IntToLongFunction read(String method) {
        switch (method) {
            case "price":
                return id -> unchecked(() -> prices.price(id));
            case "nearPrice":
                return id -> unchecked(() -> prices.nearPrice(id));
            default:
                throw new IllegalArgumentException("unknown read " + method);
        }
    }

    @Override
    protected int loads() {
        return prices.loads();
    }

    @Override
    protected int loadsOnThisThread() {
        return Prices.loadsOnThisThread();
    }

    /**
     * Inside the caller's transaction on {@code transaction}: the {@code @Evicts} update, then
     * the hold; the caller commits or rolls back after.
     */
    protected void updateThenHold(Connection transaction, int id, long value, Hold hold) throws SQLException {
        Prices.writingOn(transaction);
        try {
            prices.set(id, value);
            hold.evictedThenWait();
        } finally {
            Prices.writingOn(null);
        }
    }

    /** A JDBC call that may fail. */
    protected interface Sql {
        long run() throws SQLException;
    }

    protected static long unchecked(Sql call) {
        try {
            return call.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
