package io.cachet.it.tx;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.IntToLongFunction;

/**
 * Reader threads that call one cached read as fast as they can and record every call:
 * {@code R <method> <start> <end> <value> <loaded>}, with {@link System#nanoTime()} (one
 * monotonic clock for every process on the machine) and whether this call ran the query.
 */
final class ReadLoop {

    /** One reader's calls, as parallel arrays (a few hundred thousand per test). */
    private static final class Log {
        final String method;
        long[] starts = new long[1 << 14];
        long[] ends = new long[1 << 14];
        long[] values = new long[1 << 14];
        boolean[] loaded = new boolean[1 << 14];
        volatile int size;

        Log(String method) {
            this.method = method;
        }

        void add(long start, long end, long value, boolean load) {
            int n = size;
            if (n == starts.length) {
                starts = java.util.Arrays.copyOf(starts, n * 2);
                ends = java.util.Arrays.copyOf(ends, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
                loaded = java.util.Arrays.copyOf(loaded, n * 2);
            }
            starts[n] = start;
            ends[n] = end;
            values[n] = value;
            loaded[n] = load;
            size = n + 1;
        }
    }

    private static final long PACE_NANOS = 100_000;

    private final List<Thread> threads = new ArrayList<>();
    private final List<Log> logs = new ArrayList<>();
    /** How many loads the calling thread has run so far: a change across a call means it loaded. */
    private final IntSupplier loadsHere;
    private volatile boolean running = true;

    ReadLoop(IntSupplier loadsHere) {
        this.loadsHere = loadsHere;
    }

    /** Starts {@code threads} readers of {@code read}, named {@code method} in the log. */
    void start(String method, int threads, IntToLongFunction read, int id) {
        for (int t = 0; t < threads; t++) {
            Log log = new Log(method);
            logs.add(log);
            Thread thread = new Thread(() -> {
                while (running) {
                    int loadsBefore = loadsHere.getAsInt();
                    long start = System.nanoTime();
                    long value = read.applyAsLong(id);
                    log.add(start, System.nanoTime(), value, loadsHere.getAsInt() != loadsBefore);
                    // A rate, not a wait: near hits take microseconds, and unpaced they would
                    // take both cores and log millions of reads.
                    LockSupport.parkNanos(PACE_NANOS);
                }
            }, "reader-" + method + "-" + t);
            thread.setDaemon(true);
            this.threads.add(thread);
            thread.start();
        }
    }

    /**
     * Calls of {@code method} that started after {@code sinceNanos}: all of them, or only those
     * served by the cache.
     */
    int since(String method, long sinceNanos, boolean servedOnly) {
        int count = 0;
        for (Log log : logs) {
            if (!log.method.equals(method)) {
                continue;
            }
            int n = log.size;
            long[] starts = log.starts;
            boolean[] loaded = log.loaded;
            for (int i = n - 1; i >= 0 && starts[i] > sinceNanos; i--) {
                if (!servedOnly || !loaded[i]) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Stops the readers and writes every call to {@code file}; returns how many. */
    int stopAndWrite(Path file) throws IOException, InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
        int total = 0;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            for (Log log : logs) {
                for (int i = 0; i < log.size; i++) {
                    w.println("R " + log.method + " " + log.starts[i] + " " + log.ends[i] + " " + log.values[i] + " " + (log.loaded[i] ? 1 : 0));
                }
                total += log.size;
            }
        }
        return total;
    }
}
