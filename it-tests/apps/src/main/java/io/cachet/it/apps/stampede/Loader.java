package io.cachet.it.apps.stampede;

import io.cachet.annotations.Cached;
import io.cachet.it.apps.Counters;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Slow loads for the stampede tests; each counts its runs. */
public class Loader {

    @Cached(ttl = "1m")
    public String slow(String key) throws InterruptedException {
        Counters.inc("slow");
        Thread.sleep(Long.getLong("load.millis", 300));
        return "value-of-" + key;
    }

    /** Held closed by {@code reload.gated=true} until {@link #openGate()}. */
    private static final CountDownLatch GATE = new CountDownLatch(Boolean.getBoolean("reload.gated") ? 1 : 0);

    /**
     * Reloads (every run after the first) wait for {@link #openGate()} when the JVM runs with
     * {@code reload.gated=true}, so a test can hold a reload in progress for as long as it checks
     * what callers see.
     */
    @Cached(ttl = "1s", staleWhileRevalidate = "30s", jitter = 0)
    public String revalidated(String key) throws InterruptedException {
        int n = Counters.inc("revalidated");
        Thread.sleep(300);
        if (n > 1) {
            GATE.await(60, TimeUnit.SECONDS);
        }
        return key + "#" + n;
    }

    /** Lets held reloads finish. */
    static void openGate() {
        GATE.countDown();
    }

    /** Runs of {@link #hot} on the current thread: tells a caller that loaded from one that was served. */
    private static final ThreadLocal<int[]> HOT_RUNS_HERE = ThreadLocal.withInitial(() -> new int[1]);

    static int hotRunsOnThisThread() {
        return HOT_RUNS_HERE.get()[0];
    }

    /** Early refresh is switched on for it by configuration (early-refresh-beta). */
    @Cached(ttl = "2s", jitter = 0)
    public String hot(String key) throws InterruptedException {
        HOT_RUNS_HERE.get()[0]++;
        int n = Counters.inc("hot");
        Thread.sleep(200);
        return key + "#" + n;
    }

    @Cached(ttl = "1m")
    public String failing(String key) throws Exception {
        Counters.inc("failing");
        Thread.sleep(300);
        throw new java.io.IOException("database down for " + key);
    }
}
