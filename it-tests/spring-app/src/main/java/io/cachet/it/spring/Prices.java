package io.cachet.it.spring;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.annotations.WriteThrough;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Prices in a table every JVM of a test shares. Plain JDBC through Spring's {@link JdbcTemplate},
 * so that inside a Spring transaction every statement runs on the transaction's connection. The
 * cached reads count their loads, per thread too, so a reader can tell a read served from the
 * cache from one that ran the query.
 */
public class Prices {

    private static final ThreadLocal<int[]> LOADS_HERE = ThreadLocal.withInitial(() -> new int[1]);

    private final JdbcTemplate jdbc;
    final AtomicInteger loads = new AtomicInteger();

    public Prices(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Cached(ttl = "1m", tags = {"price:{0}"})
    public long price(int id) {
        return select(id);
    }

    @Cached(ttl = "1m", tags = {"price:{0}"}, near = true)
    public long nearPrice(int id) {
        return select(id);
    }

    @Evicts(tags = {"price:{0}"})
    public void set(int id, long value) {
        jdbc.update("UPDATE price SET amount = ? WHERE id = ?", value, id);
    }

    @WriteThrough(cache = "Prices.price", key = "{0}")
    public long write(int id, long value) {
        jdbc.update("UPDATE price SET amount = ? WHERE id = ?", value, id);
        return value;
    }

    /** How many loads the current thread has run so far. */
    static int loadsOnThisThread() {
        return LOADS_HERE.get()[0];
    }

    private long select(int id) {
        loads.incrementAndGet();
        LOADS_HERE.get()[0]++;
        return jdbc.queryForObject("SELECT amount FROM price WHERE id = ?", Long.class, id);
    }
}
