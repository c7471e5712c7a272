package io.cachet.it.jdbc;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prices in a table every JVM of a test shares, in plain JDBC. Reads run on a connection of
 * their thread's own (auto-commit); {@link #set} runs on the connection of the transaction its
 * caller opened ({@link #writingOn}), which the caller commits or rolls back after it returns.
 */
public class Prices {

    private static final ThreadLocal<int[]> LOADS_HERE = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<Connection> WRITING = new ThreadLocal<>();

    private final String url;
    private final ThreadLocal<Connection> reading = new ThreadLocal<>();
    final AtomicInteger loads = new AtomicInteger();

    public Prices(String url) {
        this.url = url;
    }

    /** Makes {@link #set} on this thread run on {@code transaction}'s connection ({@code null}: none). */
    public static void writingOn(Connection transaction) {
        WRITING.set(transaction);
    }

    @Cached(ttl = "1m", tags = {"price:{0}"})
    public long price(int id) throws SQLException {
        return select(id);
    }

    @Cached(ttl = "1m", tags = {"price:{0}"}, near = true)
    public long nearPrice(int id) throws SQLException {
        return select(id);
    }

    @Evicts(tags = {"price:{0}"})
    public void set(int id, long value) throws SQLException {
        try (PreparedStatement ps = WRITING.get().prepareStatement("UPDATE price SET amount = ? WHERE id = ?")) {
            ps.setLong(1, value);
            ps.setInt(2, id);
            ps.executeUpdate();
        }
    }

    public int loads() {
        return loads.get();
    }

    /** How many loads the current thread has run so far. */
    public static int loadsOnThisThread() {
        return LOADS_HERE.get()[0];
    }

    private long select(int id) throws SQLException {
        loads.incrementAndGet();
        LOADS_HERE.get()[0]++;
        Connection c = reading.get();
        if (c == null) {
            c = DriverManager.getConnection(url);
            reading.set(c);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT amount FROM price WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
