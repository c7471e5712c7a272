package io.cachet.it.jdbc;

import io.cachet.it.tx.Hold;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * The plain JDBC application of the transaction tests, speaking {@code TxApp}'s commands: its
 * one transaction, {@code jdbc}, turns auto-commit off, calls the {@code @Evicts} method and
 * commits (or rolls back) in the caller once held: a transaction no manager knows of, which the
 * agent cannot see.
 *
 * <p>Argument: the shared database's JDBC URL.
 */
public final class JdbcApp extends PlainReads {

    private final String url;

    private JdbcApp(String url) {
        super(new Prices(url));
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        new JdbcApp(args[0]).serve();
    }

    @Override
    protected Runnable transaction(String how, int id, long value, Hold hold) {
        if (!how.equals("jdbc")) {
            throw new IllegalArgumentException("unknown transaction " + how);
        }
        return () -> unchecked(() -> {
            try (Connection c = DriverManager.getConnection(url)) {
                c.setAutoCommit(false);
                updateThenHold(c, id, value, hold);
                if (hold.rollback()) {
                    c.rollback();
                } else {
                    c.commit();
                }
            }
            return 0;
        });
    }
}
