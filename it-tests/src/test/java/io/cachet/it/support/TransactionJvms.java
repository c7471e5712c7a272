package io.cachet.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The JVMs of a transaction test, with the database they share: one writer and some readers,
 * each forked by the test's own recipe, all connected before the test begins.
 */
public final class TransactionJvms implements AutoCloseable {

    public final SharedDatabase db;
    public final AgentJvm writer;
    public final List<AgentJvm> readers = new ArrayList<>();

    private TransactionJvms(SharedDatabase db, AgentJvm writer) {
        this.db = db;
        this.writer = writer;
    }

    /**
     * Starts a database named {@code name} with {@code rows} prices, then the writer and
     * {@code readers} reader JVMs from {@code fork}, and waits until all are connected to Redis.
     */
    public static TransactionJvms start(String name, int rows, int readers, Function<SharedDatabase, AgentJvm> fork) {
        SharedDatabase db = SharedDatabase.withPrices(name, rows);
        TransactionJvms jvms = new TransactionJvms(db, fork.apply(db));
        for (int i = 0; i < readers; i++) {
            jvms.readers.add(fork.apply(db));
        }
        jvms.writer.awaitConnected();
        jvms.readers.forEach(AgentJvm::awaitConnected);
        return jvms;
    }

    public TransactionScenario scenario() {
        return new TransactionScenario(writer, readers);
    }

    @Override
    public void close() {
        readers.forEach(AgentJvm::close);
        writer.close();
        db.close();
    }
}
