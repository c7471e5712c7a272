package io.cachet.it.jdbc;

import io.cachet.it.tx.TxApp;
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
