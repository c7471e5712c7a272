package io.cachet.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * The transaction tests' choreography, the same for every kind of writer (Spring, JTA, plain
 * JDBC), which all speak the same commands (see {@code io.cachet.it.spring.SpringApp}): reader
 * JVMs hammer cached reads of one row; the writer opens a transaction, evicts in it and holds
 * it open; once a reader has been served from the cache an entry it loaded after that eviction
 * (the read-committed, old row: the stale fill waiting to happen), the writer ends the
 * transaction; then every reader reads a while longer. No sleeps: each step waits for what it
 * needs to have happened.
 */
public final class TransactionScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Reads of each method every reader makes after a transaction has ended, before the next. */
    private static final int READS_AFTER = 20;

    private final AgentJvm writer;
    private final List<AgentJvm> readers;
    private final List<String> methods = new ArrayList<>();

    public TransactionScenario(AgentJvm writer, List<AgentJvm> readers) {
        this.writer = writer;
        this.readers = readers;
    }

    /** One reader thread per method in every reader JVM, on row {@code id}. */
    public TransactionScenario hammer(int id, String... methods) {
        this.methods.addAll(List.of(methods));
        for (AgentJvm r : readers) {
            for (String m : methods) {
                expectOk(r.call("hammer " + m + " " + id + " 1"));
            }
        }
        return this;
    }

    /** One transaction of kind {@code how} that writes {@code value} to row {@code id}, then commits or rolls back. */
    public ReadHistory.Transaction run(String how, int id, long value, boolean commit) {
        long evicted = Long.parseLong(field(expectOk(writer.call("begin " + how + " " + id + " " + value)), 1));
        for (String m : methods) {
            Awaitility.await(m + " served from the cache after the eviction, before the commit").atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(2))
                    .until(() -> readers.stream().mapToLong(r -> since(r, m, evicted, "served")).sum() > 0);
        }
        String ended = expectOk(writer.call("end " + (commit ? "commit" : "rollback")));
        long returned = Long.parseLong(field(ended, 1));
        long released = Long.parseLong(field(ended, 2));
        awaitReadsAfter(returned);
        return new ReadHistory.Transaction(value, evicted, released, returned, commit);
    }

    /** Waits until every reader has read each method a few times, all begun after {@code nanos}. */
    public void awaitReadsAfter(long nanos) {
        for (String m : methods) {
            Awaitility.await(m + " read after " + nanos).atMost(PATIENCE).pollInterval(Duration.ofMillis(2))
                    .until(() -> readers.stream().allMatch(r -> since(r, m, nanos, "all") >= READS_AFTER));
        }
    }

    /** Stops the readers and collects what they read. */
    public ReadHistory stop(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            Path file = dir.resolve("reads-" + i + "-" + System.nanoTime() + ".txt");
            expectOk(readers.get(i).call("stop " + file));
            files.add(file);
        }
        methods.clear();
        return new ReadHistory(files);
    }

    private static long since(AgentJvm reader, String method, long nanos, String which) {
        return Long.parseLong(expectOk(reader.call("since " + method + " " + nanos + " " + which)));
    }

    private static String field(String reply, int index) {
        return reply.split(" ")[index];
    }

    private static String expectOk(String reply) {
        if (reply.startsWith("EX ")) {
            throw new IllegalStateException(reply);
        }
        return reply;
    }
}
