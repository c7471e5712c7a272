package io.cachet.it.apps;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How often each method body really ran: the ground truth that tells a hit from a miss. */
public final class Counters {

    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

    private Counters() {
    }

    public static int inc(String name) {
        return COUNTS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    public static int get(String name) {
        AtomicInteger c = COUNTS.get(name);
        return c == null ? 0 : c.get();
    }
}
