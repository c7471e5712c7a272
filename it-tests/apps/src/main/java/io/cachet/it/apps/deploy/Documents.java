package io.cachet.it.apps.deploy;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.it.apps.Counters;

/**
 * Documents whose every load gives a value never seen before (the JVM's name and a run
 * number), so a test can tell exactly which load a returned value came from, in any JVM.
 */
public class Documents {

    private static final String JVM = System.getProperty("app.name", "app");

    @Cached(ttl = "10m", tags = {"doc:{0}"})
    public String read(String id) {
        return id + "@" + JVM + "#" + Counters.inc("read");
    }

    /** The same, with the near cache. */
    @Cached(ttl = "10m", tags = {"doc:{0}"}, near = true)
    public String nearRead(String id) {
        return id + "@" + JVM + "#" + Counters.inc("read");
    }

    @Evicts(tags = {"doc:{0}"})
    public void edit(String id) {
        Counters.inc("edit");
    }
}
