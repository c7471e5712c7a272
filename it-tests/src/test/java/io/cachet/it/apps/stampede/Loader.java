package io.cachet.it.apps.stampede;

import io.cachet.annotations.Cached;
import io.cachet.it.apps.Counters;

/** Slow loads for the stampede tests; each counts its runs. */
public class Loader {

    @Cached(ttl = "1m")
    public String slow(String key) throws InterruptedException {
        Counters.inc("slow");
        Thread.sleep(Long.getLong("load.millis", 300));
        return "value-of-" + key;
    }

    @Cached(ttl = "1m")
    public String failing(String key) throws Exception {
        Counters.inc("failing");
        Thread.sleep(300);
        throw new java.io.IOException("database down for " + key);
    }
}
