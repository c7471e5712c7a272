package io.cachet.it.apps.stress;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.annotations.WriteThrough;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rows with a version column in a database shared by every JVM of the test. Reads are cached and
 * deliberately slow after they have read the row, so that loads are in flight while other JVMs
 * update the row: exactly the window in which a stale fill happens.
 */
public class Inventory {

    private final String url;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();

    public Inventory(String url) {
        this.url = url;
    }

    @Cached(ttl = "1m", tags = {"item:{0}"})
    public long version(int id) throws SQLException, InterruptedException {
        long v = select(id);
        Thread.sleep(ThreadLocalRandom.current().nextInt(30));
        return v;
    }

    @Evicts(tags = {"item:{0}"})
    public long bump(int id) throws SQLException {
        return increment(id);
    }

    @WriteThrough(cache = "Inventory.version", key = "{0}")
    public long bumpThrough(int id) throws SQLException {
        return increment(id);
    }

    private long select(int id) throws SQLException {
        try (PreparedStatement ps = db().prepareStatement("SELECT version FROM item WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One transaction: the new version is exactly the one this update made. */
    private long increment(int id) throws SQLException {
        Connection c = db();
        c.setAutoCommit(false);
        try (PreparedStatement up = c.prepareStatement("UPDATE item SET version = version + 1 WHERE id = ?");
             PreparedStatement get = c.prepareStatement("SELECT version FROM item WHERE id = ?")) {
            up.setInt(1, id);
            up.executeUpdate();
            get.setInt(1, id);
            try (ResultSet rs = get.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                c.commit();
                return v;
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private Connection db() throws SQLException {
        Connection c = connection.get();
        if (c == null) {
            c = DriverManager.getConnection(url);
            connection.set(c);
        }
        return c;
    }
}
