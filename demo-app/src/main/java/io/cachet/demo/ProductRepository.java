package io.cachet.demo;

import io.cachet.annotations.Cached;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "legacy" data access class: plain JDBC on H2. Each query also waits
 * {@link #SIMULATED_NETWORK_MILLIS}, standing in for the round trip to a database server that an
 * in-memory H2 does not have. Without the agent the annotations do nothing.
 */
public class ProductRepository {

    static final long SIMULATED_NETWORK_MILLIS = 2;

    private final Connection connection;
    private final AtomicLong queries = new AtomicLong();

    public ProductRepository(Connection connection) {
        this.connection = connection;
    }

    @Cached(ttl = "10m", tags = {"product:{0}"})
    public Product findById(long id) throws SQLException {
        List<Product> found = query("SELECT id, sku, name, category, price, tags FROM product WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    @Cached(ttl = "1m", tags = {"category:{0}"})
    public List<Product> findByCategory(String category) throws SQLException {
        return query("SELECT id, sku, name, category, price, tags FROM product WHERE category = ? ORDER BY id", category);
    }

    @Cached(ttl = "30s")
    public long countInCategory(String category) throws SQLException {
        return findByCategoryUncached(category);
    }

    private long findByCategoryUncached(String category) throws SQLException {
        return query("SELECT id, sku, name, category, price, tags FROM product WHERE category = ?", category).size();
    }

    /** Database round trips made so far. */
    public long queries() {
        return queries.get();
    }

    private List<Product> query(String sql, Object parameter) throws SQLException {
        queries.incrementAndGet();
        try {
            Thread.sleep(SIMULATED_NETWORK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                List<Product> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Product(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBigDecimal(5), Arrays.asList(rs.getString(6).split(","))));
                }
                return out;
            }
        }
    }

    static void createSchema(Connection c, int products) throws SQLException {
        try (PreparedStatement ddl = c.prepareStatement("CREATE TABLE product (id BIGINT PRIMARY KEY, sku VARCHAR(32), "
                + "name VARCHAR(128), category VARCHAR(32), price DECIMAL(10,2), tags VARCHAR(256))")) {
            ddl.execute();
        }
        String[] categories = {"books", "garden", "kitchen", "music", "toys"};
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO product VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= products; i++) {
                ins.setLong(1, i);
                ins.setString(2, "SKU-" + (10_000 + i));
                ins.setString(3, "Product number " + i);
                ins.setString(4, categories[i % categories.length]);
                ins.setBigDecimal(5, BigDecimal.valueOf(100 + i * 7L % 9_000, 2));
                ins.setString(6, "new,popular,tag" + (i % 7));
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }
}
