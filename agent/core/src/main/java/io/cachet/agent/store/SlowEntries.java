package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per cache, calls that timed out by the fault of that cache's entries (too large to come back
 * within {@code cachet.redis.timeout}), not of Redis: on an entry this JVM stored with a
 * mebibyte or more, or while a small call on the same key answered in time. They never
 * open the circuit, which would stop every method's caching; after as many in a row as would
 * open it, that cache alone leaves Redis for as long as the circuit would stay open, then tries
 * again. A read of the cache that succeeds clears its count.
 */
final class SlowEntries {

    /** From this size on, an entry this JVM stored is one whose reads may time out by themselves. */
    static final int LARGE_BYTES = 1 << 20;
    /** How many large entries are remembered; past it, the memory starts afresh. */
    private static final int MAX_LARGE = 1024;

    private final int threshold;
    private final long offNanos;
    private final Map<String, Count> byCache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> large = new ConcurrentHashMap<>();

    private static final class Count {
        int inARow;
        /** 0 while the cache uses Redis; otherwise the {@link System#nanoTime()} it may again. */
        long offUntil;
    }

    SlowEntries(int threshold, long offNanos) {
        this.threshold = threshold;
        this.offNanos = offNanos;
    }

    /** This JVM is storing {@code size} bytes under {@code entryKey}. */
    void storing(String entryKey, int size) {
        if (size >= LARGE_BYTES) {
            if (large.size() >= MAX_LARGE) {
                large.clear();
            }
            large.put(entryKey, Boolean.TRUE);
        } else if (!large.isEmpty()) {
            large.remove(entryKey);
        }
    }

    /** Whether this JVM stored a large entry under {@code entryKey}: a call on it that times out is its own fault. */
    boolean large(String entryKey) {
        return !large.isEmpty() && large.containsKey(entryKey);
    }

    /** A call on an entry of {@code cache} timed out by that entry's fault. */
    void timedOut(String cache, long timeoutMillis) {
        Count c = byCache.computeIfAbsent(cache, k -> new Count());
        synchronized (c) {
            if (++c.inARow >= threshold && c.offUntil == 0) {
                c.offUntil = nonZero(System.nanoTime() + offNanos);
                AgentLog.warnOnce("slow-entries:" + cache, "cache '" + cache + "': " + c.inARow + " reads in a row did not come"
                        + " back within " + timeoutMillis + "ms while Redis answered other calls in time (its entries are too"
                        + " large to read in time: lower cachet.codec.max-entry-bytes, or raise cachet.redis.timeout); that cache"
                        + " runs uncached for a while, other caches are not affected");
            }
        }
    }

    /** A read of {@code cache} came back in time. */
    void answered(String cache) {
        if (!byCache.isEmpty()) {
            byCache.remove(cache);
        }
    }

    /** Whether {@code cache} should leave Redis alone now; past its time off, it is let back. */
    boolean off(String cache) {
        Count c = byCache.isEmpty() ? null : byCache.get(cache);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            if (c.offUntil != 0 && System.nanoTime() - c.offUntil >= 0) {
                c.offUntil = 0;
                c.inARow = threshold - 1; // one more slow read sends it off again
            }
            return c.offUntil != 0;
        }
    }

    private static long nonZero(long t) {
        return t == 0 ? 1 : t;
    }
}
