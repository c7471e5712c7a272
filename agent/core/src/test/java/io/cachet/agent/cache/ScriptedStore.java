package io.cachet.agent.cache;

import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Found;
import io.cachet.agent.store.Invalidation;
import io.cachet.agent.store.Lease;
import io.cachet.agent.store.StoreException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store in this JVM's memory, shared by the "JVMs" of a test (one {@link CoreHarness} each),
 * whose faults a test scripts: calls that time out, another JVM's eviction, a lease held by a
 * JVM that died. It keeps no TTLs: the core's tests are about versions, flights and leases.
 */
final class ScriptedStore implements CacheStore {

    final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    final Map<String, Long> counters = new ConcurrentHashMap<>();
    final Map<String, String> leases = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    /** Reads that take the lease if they find no entry ({@link #getThenLease}). */
    final AtomicInteger readsThenLeases = new AtomicInteger();
    /** Where asynchronous reads are answered; an application callback must never run on it. */
    static final String STORE_THREAD_NAME = "scripted-store";
    private static final Executor STORE_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, STORE_THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger failing = new AtomicInteger();
    /** While set, entries are stored (and acknowledged) only when it completes: a slow SET. */
    volatile CompletableFuture<Void> heldPuts;
    /** While set, Redis is out of reach: every call fails and the store says it is unavailable. */
    volatile boolean unreachable;
    /**
     * While set, counters come to exist as in Redis ({@code store.Counters}): at a random base,
     * and a cache's counter when a read finds it missing. Otherwise they start at 0, which lets
     * a test name the values it expects.
     */
    volatile boolean randomBases;

    /** While set, the call right after a lease is taken fails as a timeout would. */
    volatile boolean failAfterLease;

    /** The next {@code calls} calls fail as a timeout would. */
    void failNext(int calls) {
        failing.set(calls);
    }

    /** An eviction another JVM made: one counter bump. */
    void bumpElsewhere(String counterKey) {
        if (randomBases) {
            counters.putIfAbsent(counterKey, ThreadLocalRandom.current().nextLong(1, 1L << 59));
        }
        counters.merge(counterKey, 1L, Long::sum);
    }

    /** Redis restarted empty, or was flushed: entries, counters and leases are gone. */
    void loseEverything() {
        entries.clear();
        counters.clear();
        leases.clear();
    }

    private void fault() {
        if (unreachable) {
            throw new StoreException("scripted: unreachable", null);
        }
        if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreException("scripted timeout", null);
        }
    }

    @Override
    public Found get(Lookup lookup) {
        fault();
        reads.incrementAndGet();
        return new Found(entries.get(lookup.entryKey()), counters(lookup, false));
    }

    /** Answered on a thread of the store's own, as Redisson answers on its event loop. */
    @Override
    public CompletionStage<Found> getAsync(Lookup lookup) {
        return CompletableFuture.supplyAsync(() -> get(lookup), STORE_THREAD);
    }

    @Override
    public Versions versions(Lookup lookup) {
        return counters(lookup, true);
    }

    /** As in Redis: a read creates the cache's counter; a read of the counters alone, every one. */
    private Versions counters(Lookup lookup, boolean createEvery) {
        fault();
        for (int i = 0; randomBases && i < (createEvery ? lookup.counterCount() : 1); i++) {
            counters.putIfAbsent(lookup.counterKey(i), ThreadLocalRandom.current().nextLong(1, 1L << 59));
        }
        long[] v = new long[lookup.counterCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = counters.getOrDefault(lookup.counterKey(i), 0L);
        }
        return Versions.of(v);
    }

    @Override
    public CompletionStage<Void> put(String entryKey, byte[] value, long ttlMillis) {
        CompletableFuture<Void> held = heldPuts;
        if (held == null) {
            entries.put(entryKey, value);
            return CompletableFuture.completedFuture(null);
        }
        return held.thenRun(() -> entries.put(entryKey, value));
    }

    @Override
    public void touch(String entryKey, long ttlMillis) {
    }

    @Override
    public void invalidate(Invalidation invalidation) {
        fault();
        invalidation.bump.forEach(this::bumpElsewhere);
        invalidation.delete.forEach(entries::remove);
    }

    @Override
    public void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        fault();
        bumpElsewhere(counterKey);
        entries.put(entryKey, value);
    }

    @Override
    public boolean tryLease(Lease lease, long leaseMillis) {
        fault();
        boolean taken = leases.putIfAbsent(lease.key, lease.token) == null;
        if (taken && failAfterLease) {
            failing.set(1);
        }
        return taken;
    }

    @Override
    public Found getThenLease(Lease lease, long leaseMillis, Lookup lookup) {
        readsThenLeases.incrementAndGet();
        return CacheStore.super.getThenLease(lease, leaseMillis, lookup);
    }

    @Override
    public boolean leaseHeld(Lease lease) {
        fault();
        return leases.containsKey(lease.key);
    }

    @Override
    public CompletionStage<Void> putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease) {
        return put(entryKey, value, ttlMillis).thenRun(() -> release(lease));
    }

    @Override
    public void release(Lease lease) {
        leases.remove(lease.key, lease.token);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean available() {
        return !unreachable;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public void close() {
    }
}
