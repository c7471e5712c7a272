package io.cachet.it.spring.stress;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.annotations.WriteThrough;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The consistency test's rows ({@code item(id, version)}) as a Spring application has them: the
 * same cache ({@code Inventory.version}, tagged {@code item:<id>}) as the test's plain JDBC JVMs,
 * its updates run on the connection of the Spring transaction they are called in.
 */
public class Inventory {

    private final JdbcTemplate jdbc;

    public Inventory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Slow after its query, like the other JVMs' loads, so that loads overlap updates. */
    @Cached(ttl = "1m", tags = {"item:{0}"})
    public long version(int id) throws InterruptedException {
        long v = select(id);
        Thread.sleep(ThreadLocalRandom.current().nextInt(30));
        return v;
    }

    @Evicts(tags = {"item:{0}"})
    public long bump(int id) {
        return increment(id);
    }

    @WriteThrough(cache = "Inventory.version", key = "{0}")
    public long bumpThrough(int id) {
        return increment(id);
    }

    /** In the caller's transaction: the new version is exactly the one this update made. */
    private long increment(int id) {
        jdbc.update("UPDATE item SET version = version + 1 WHERE id = ?", id);
        return select(id);
    }

    private long select(int id) {
        return jdbc.queryForObject("SELECT version FROM item WHERE id = ?", Long.class, id);
    }
}
