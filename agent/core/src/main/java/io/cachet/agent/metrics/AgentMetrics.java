package io.cachet.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics of this agent: one {@link CacheStats} per cache name and the store's
 * {@link CircuitStats}. One per agent class loader (a static, like OpenTelemetry's global
 * registry): the classes that record (the handler, the invalidator, the circuit breaker, each
 * cached method) are created in many places and all need the same instance; an agent attached
 * again after a detach gets a new loader and so starts from zero.
 */
public final class AgentMetrics {

    private static final ConcurrentHashMap<String, CacheStats> BY_CACHE = new ConcurrentHashMap<>();
    private static final CircuitStats CIRCUIT = new CircuitStats();
    private static final LongAdder TAG_EVICTIONS = new LongAdder();
    /** Caches created since the exporters last looked, for the JMX registrar thread. */
    private static final BlockingQueue<CacheStats> CREATED = new LinkedBlockingQueue<>();

    private AgentMetrics() {
    }

    /** The statistics of {@code cacheName}, created on first use. */
    public static CacheStats forCache(String cacheName) {
        CacheStats s = BY_CACHE.get(cacheName);
        if (s != null) {
            return s;
        }
        return BY_CACHE.computeIfAbsent(cacheName, name -> {
            CacheStats created = new CacheStats(name);
            CREATED.add(created);
            return created;
        });
    }

    /** Every cache seen so far, sorted by name. */
    public static List<CacheStats> all() {
        List<CacheStats> out = new ArrayList<>(BY_CACHE.values());
        out.sort((a, b) -> a.cacheName().compareTo(b.cacheName()));
        return out;
    }

    /** The cache statistics that appeared since the last call; waits for one when there is none. */
    public static CacheStats nextCreated() throws InterruptedException {
        return CREATED.take();
    }

    /** A tag was evicted: counted for all caches together, since a tag spans caches. */
    public static void tagEvicted() {
        TAG_EVICTIONS.increment();
    }

    public static long tagEvictions() {
        return TAG_EVICTIONS.sum();
    }

    public static CircuitStats circuit() {
        return CIRCUIT;
    }
}
