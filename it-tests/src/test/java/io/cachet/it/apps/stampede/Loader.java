package io.cachet.it.apps.stampede;

import io.cachet.annotations.Cached;
import io.cachet.it.apps.Counters;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Slow loads for the stampede tests; each counts its runs. */
public class Loader {

    @Cached(ttl = "1m")
    public String slow(String key) throws InterruptedException {
        Counters.inc("slow");
        Thread.sleep(Long.getLong("load.millis", 300));
        return "value-of-" + key;
    }

    /**
     * Reloads (every run after the first) wait for the file named by {@code reload.gate}, when
     * set, so a test can hold a reload in progress for as long as it checks what callers see.
     */
    @Cached(ttl = "1s", staleWhileRevalidate = "30s", jitter = 0)
    public String revalidated(String key) throws InterruptedException {
        int n = Counters.inc("revalidated");
        Thread.sleep(300);
        String gate = System.getProperty("reload.gate");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (n > 1 && gate != null && !Files.exists(Paths.get(gate)) && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        return key + "#" + n;
    }

    /** Early refresh is switched on for it by configuration (early-refresh-beta). */
    @Cached(ttl = "2s", jitter = 0)
    public String hot(String key) throws InterruptedException {
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
