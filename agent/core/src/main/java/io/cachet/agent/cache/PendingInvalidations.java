package io.cachet.agent.cache;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Invalidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evictions that could not be confirmed by Redis. They are never dropped: a background thread
 * retries them until they land, and until then this JVM bypasses its caches entirely (reads and
 * writes), so it cannot serve or store a value an eviction it owes should have removed.
 *
 * <p>The queue is bounded; past the bound, the JVM remembers only that it overflowed and, once
 * Redis answers, evicts every cache it knows wholesale before caching again.
 */
public final class PendingInvalidations {

    private static final int MAX_PENDING = 100_000;
    private static final long RETRY_MILLIS = 500;

    private final CacheStore store;
    private final Caches caches;
    private final Queue<Invalidation> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(new AgentThreads("cachet-evict-retry"));
    private final LocalEvictions evictions = new LocalEvictions();
    private volatile boolean overflowed;

    public PendingInvalidations(CacheStore store, Caches caches) {
        this.store = store;
        this.caches = caches;
    }

    /** Stops retrying; the agent is being detached. */
    public void close() {
        retrier.shutdownNow();
    }

    /** Every eviction this JVM makes, owed or confirmed: what its flights check their results against. */
    LocalEvictions evictions() {
        return evictions;
    }

    /** Whether this JVM owes Redis an eviction and must not use its caches meanwhile. */
    boolean bypassing() {
        return size.get() > 0 || overflowed;
    }

    /** Keeps an invalidation the store did not confirm, to retry it until it lands. */
    void add(Invalidation invalidation, String why) {
        boolean first;
        if (size.get() >= MAX_PENDING) {
            first = !overflowed;
            overflowed = true;
        } else {
            queue.add(invalidation);
            first = size.incrementAndGet() == 1;
        }
        if (first) {
            AgentLog.warn("an eviction could not reach Redis (" + why
                    + "); this JVM runs uncached until it lands (retrying every " + RETRY_MILLIS + " ms)");
        }
        if (retrying.compareAndSet(false, true)) {
            retrier.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void retry() {
        try {
            Invalidation next;
            while ((next = queue.peek()) != null) {
                store.invalidate(next);
                queue.poll();
                size.decrementAndGet();
            }
            if (overflowed) {
                List<String> all = new ArrayList<>();
                for (CachedMethod m : caches.all()) {
                    all.add(m.keys().cacheVersionKey());
                }
                store.invalidate(new Invalidation(all, List.of()));
                overflowed = false;
            }
            retrying.set(false);
            AgentLog.info("pending evictions reached Redis; caching resumed");
            if (!queue.isEmpty() && retrying.compareAndSet(false, true)) {
                retrier.schedule(this::retry, 0, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            retrier.schedule(this::retry, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
