package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per cache, reads that timed out while Redis itself answered in time: the fault of that cache's
 * entries (too large to come back within {@code cachet.redis.timeout}), not of Redis. They never
 * open the circuit, which would stop every method's caching; after as many in a row as would
 * open it, that cache alone leaves Redis for as long as the circuit would stay open, then tries
 * again. A read of the cache that succeeds clears its count.
 */
final class SlowEntries {

    private final int threshold;
    private final long offNanos;
    private final Map<String, Count> byCache = new ConcurrentHashMap<>();

    private static final class Count {
        int inARow;
        /** 0 while the cache uses Redis; otherwise the {@link System#nanoTime()} it may again. */
        long offUntil;
    }

    SlowEntries(int threshold, long offNanos) {
        this.threshold = threshold;
        this.offNanos = offNanos;
    }

    /** A read of {@code cache} timed out, and a small call on the same key did not. */
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
