package io.cachet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.tools.Server;

/**
 * A database the forked JVMs of one test share: an in-memory H2 behind its TCP server, so that
 * transactions, their locks and read-committed isolation are the server's, as with any database.
 */
public final class SharedDatabase implements AutoCloseable {

    private final Server server;
    public final String url;

    private SharedDatabase(Server server, String url) {
        this.server = server;
        this.url = url;
    }

    /** Starts the server with a table {@code price(id, amount)} holding rows {@code 1..rows} at 0. */
    public static SharedDatabase withPrices(String name, int rows) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Server server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
            SharedDatabase db = new SharedDatabase(server, "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + ";DB_CLOSE_DELAY=-1");
            try (Connection c = DriverManager.getConnection(db.url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE price (id INT PRIMARY KEY, amount BIGINT)");
                for (int id = 1; id <= rows; id++) {
                    s.execute("INSERT INTO price VALUES (" + id + ", 0)");
                }
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
