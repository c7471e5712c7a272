package io.cachet.it.apps.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * N threads mixing cached reads and evicting updates of {@link Records}, each call checked
 * against the source of truth as it returns:
 *
 * <ul>
 *   <li>an exception: the agent must never throw into the application;
 *   <li>wrong: not the value of the key asked for, or a version the record never had yet;
 *   <li>stale: a version below one whose update had returned before the call started
 *       ({@link #committed} is raised only after the {@code @Evicts} method returned, and read
 *       before the call, so only an eviction the agent acknowledged is held against it).
 * </ul>
 *
 * Counts go to the current phase (named by the test as it changes the fault) and to the
 * current window (what the test polls to see caching resume).
 */
final class Workload {

    private static final Pattern VALUE = Pattern.compile("rec(\\d+):v(\\d+)");

    private final Records records;
    private final int keys;
    private final double updateShare;
    private final AtomicLongArray committed = new AtomicLongArray(Records.MAX_KEYS);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Tally> phases = new ArrayList<>();
    private volatile Tally phase;
    private volatile Tally window;
    private volatile boolean running = true;

    Workload(Records records, int threadCount, int keys, double updateShare) {
        if (keys > Records.MAX_KEYS) {
            throw new IllegalArgumentException("at most " + Records.MAX_KEYS + " keys");
        }
        this.records = records;
        this.keys = keys;
        this.updateShare = updateShare;
        phase("start");
        window = new Tally("window", records.totalLoads());
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::run, "workload-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    /** Starts counting into a new phase. */
    synchronized void phase(String name) {
        long loads = records.totalLoads();
        if (phase != null) {
            phase.end(loads);
        }
        Tally next = new Tally(name, loads);
        phases.add(next);
        phase = next;
    }

    /**
     * What happened since the previous window, which this call ends. A call that straddles the
     * change may land in the window just rendered and be missed by both: windows only show when
     * caching resumes; the phases hold every call.
     */
    String window() {
        Tally ended = window;
        window = new Tally("window", records.totalLoads());
        return ended.render(records.totalLoads());
    }

    /** Every phase so far, one rendered tally each, separated by {@code " | "}. */
    synchronized String report() {
        long loads = records.totalLoads();
        List<String> out = new ArrayList<>();
        for (Tally t : phases) {
            out.add(t.render(loads));
        }
        return String.join(" | ", out);
    }

    String stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
        phase.end(records.totalLoads());
        return report();
    }

    private void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int k = random.nextInt(keys);
            if (random.nextDouble() < updateShare) {
                update(k);
            } else {
                read(k);
            }
        }
    }

    private void update(int k) {
        Tally p = phase;
        Tally w = window;
        long t0 = System.nanoTime();
        try {
            long v = records.update(k);
            committed.accumulateAndGet(k, v, Math::max);
        } catch (Throwable t) {
            p.exception("update(" + k + ")", t);
            w.exception("update(" + k + ")", t);
        }
        long took = System.nanoTime() - t0;
        p.update(k, took);
        w.update(k, took);
    }

    private void read(int k) {
        Tally p = phase;
        Tally w = window;
        long floor = committed.get(k);
        long t0 = System.nanoTime();
        String got;
        try {
            got = records.read(k);
        } catch (Throwable t) {
            p.exception("read(" + k + ")", t);
            w.exception("read(" + k + ")", t);
            return;
        }
        long took = System.nanoTime() - t0;
        p.read(k, took);
        w.read(k, took);
        String wrong = wrongValue(k, got);
        if (wrong != null) {
            p.wrong(wrong);
            w.wrong(wrong);
            return;
        }
        long v = version(got);
        if (v < floor) {
            String what = "read(" + k + ") returned " + got + " after v" + floor + "'s update had returned";
            p.stale(what);
            w.stale(what);
        }
    }

    /** What is wrong with {@code got} as the value of record {@code k}, or {@code null}. */
    private String wrongValue(int k, String got) {
        Matcher m = got == null ? null : VALUE.matcher(got);
        if (m == null || !m.matches()) {
            return "read(" + k + ") returned " + quote(got);
        }
        if (Integer.parseInt(m.group(1)) != k) {
            return "read(" + k + ") returned another key's value " + got;
        }
        if (Long.parseLong(m.group(2)) > records.version(k)) {
            return "read(" + k + ") returned " + got + ", a version the record never had";
        }
        return null;
    }

    private static long version(String value) {
        return Long.parseLong(value.substring(value.indexOf(":v") + 2));
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }
}
