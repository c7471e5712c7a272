package io.cachet.it.tx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;

/**
 * One JVM of the transaction tests, driven line by line over stdin; every reply is one line,
 * {@code OK ...} or {@code EX <exception>}. Times are {@link System#nanoTime()}, one monotonic
 * clock for every process on the machine. Each application (Spring, JTA, plain JDBC) says how it
 * runs a transaction and what its cached reads are.
 *
 * <pre>
 * begin HOW ID VALUE              a writer's transaction of kind HOW, held open after its eviction:
 *                                 OK evicted NANOS
 * end commit|rollback             ends it: OK ended NANOS_RETURNED NANOS_RELEASED
 * hammer METHOD ID THREADS        reader threads on one cached read of row ID
 * since METHOD NANOS all|served   reads of METHOD that started after NANOS (all, or served by the
 *                                 cache): OK COUNT
 * read METHOD ID                  one read: OK VALUE
 * count loads                     queries the cached reads have run: OK COUNT
 * stop FILE                       stops the readers, writes their calls to FILE: OK COUNT
 * exit
 * </pre>
 */
public abstract class TxApp {

    private ReadLoop readers = new ReadLoop(this::loadsOnThisThread);
    private Hold hold;
    private CompletableFuture<Long> writer;

    /**
     * The transaction {@code how} writing {@code value} to row {@code id}: it calls the
     * invalidating method, then {@link Hold#evictedThenWait()}, then commits, or rolls back if
     * {@link Hold#rollback()}.
     */
    protected abstract Runnable transaction(String how, int id, long value, Hold hold);

    /** The cached read named {@code method}. */
    protected abstract IntToLongFunction read(String method);

    /** Queries the cached reads have run, in all. */
    protected abstract int loads();

    /** Queries the cached reads have run on the calling thread. */
    protected abstract int loadsOnThisThread();

    /** Answers commands from stdin until {@code exit} or its end. */
    protected final void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            String reply;
            try {
                reply = "OK " + run(line.trim().split(" "));
            } catch (Exception e) {
                reply = "EX " + e;
            }
            System.out.println(reply);
            System.out.flush();
        }
    }

    private String run(String[] c) throws Exception {
        switch (c[0]) {
            case "begin":
                return begin(c[1], Integer.parseInt(c[2]), Long.parseLong(c[3]));
            case "end":
                return end(c[1].equals("rollback"));
            case "hammer":
                readers.start(c[1], Integer.parseInt(c[3]), read(c[1]), Integer.parseInt(c[2]));
                return "hammering";
            case "since":
                return String.valueOf(readers.since(c[1], Long.parseLong(c[2]), c[3].equals("served")));
            case "read":
                return String.valueOf(read(c[1]).applyAsLong(Integer.parseInt(c[2])));
            case "count":
                return String.valueOf(loads());
            case "stop":
                int written = readers.stopAndWrite(Path.of(c[1]));
                readers = new ReadLoop(this::loadsOnThisThread);
                return String.valueOf(written);
            default:
                throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    private String begin(String how, int id, long value) throws InterruptedException {
        if (writer != null) {
            throw new IllegalStateException("a transaction is already open");
        }
        Hold h = new Hold();
        Runnable tx = transaction(how, id, value, h);
        hold = h;
        writer = CompletableFuture.supplyAsync(() -> {
            tx.run();
            return System.nanoTime();
        });
        return "evicted " + h.awaitEvicted();
    }

    private String end(boolean rollback) throws Exception {
        long released = System.nanoTime();
        hold.release(rollback);
        try {
            return "ended " + writer.get(30, TimeUnit.SECONDS) + " " + released;
        } finally {
            writer = null;
            hold = null;
        }
    }
}
