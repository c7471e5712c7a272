package io.cachet.agent.shadow;

import io.cachet.agent.log.AgentLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Logs a sample of shadow mismatches: the first of each cache, then at most one per cache per
 * {@link #INTERVAL_NANOS}, with the key and both values cut to {@link #MAX_VALUE_CHARS}, so a
 * method that always differs cannot flood the application's log (the counter has every one).
 */
final class MismatchLog {

    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final int MAX_VALUE_CHARS = 200;

    private static final ConcurrentHashMap<String, Long> LAST = new ConcurrentHashMap<>();

    private MismatchLog() {
    }

    static void report(String cacheName, String key, Object cached, Object real) {
        long now = System.nanoTime();
        Long last = LAST.get(cacheName);
        boolean due = last == null ? LAST.putIfAbsent(cacheName, now) == null
                : now - last >= INTERVAL_NANOS && LAST.replace(cacheName, last, now);
        if (due) {
            AgentLog.warn("shadow mismatch in " + cacheName + " for key " + key + ": cached " + elide(cached)
                    + " but the method returned " + elide(real) + " (one sample per minute per cache; every one is counted)");
        }
    }

    static String elide(Object value) {
        String s;
        try {
            s = value == null ? "null" : String.valueOf(value);
        } catch (RuntimeException e) {
            s = value.getClass().getName() + " (toString failed)";
        }
        return s.length() <= MAX_VALUE_CHARS ? s : s.substring(0, MAX_VALUE_CHARS) + "... (" + s.length() + " chars)";
    }
}
