package io.cachet.agent.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.runtime.BuiltOnFirstUse;
import io.cachet.agent.runtime.VariableExpiry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Local mode, when no Redis is configured: a bounded in-process cache, correct for one JVM.
 * It keeps encoded bytes, exactly as Redis would, so a caller can never receive an object that
 * another caller has mutated, and both modes exercise the same codec and the same versions.
 *
 * <p>Version counters are not bounded by size: dropping one early would let entries recorded
 * before its bump look current again. They expire after the retention, like in Redis.
 */
public final class LocalStore implements CacheStore {

    private static final class Stored {
        final byte[] value;
        final long ttlNanos;

        Stored(byte[] value, long ttlNanos) {
            this.value = value;
            this.ttlNanos = ttlNanos;
        }
    }

    /** Entries and version counters, built on first use (see {@link BuiltOnFirstUse}). */
    private static final class Maps {
        final Cache<String, Stored> entries;
        final Cache<String, Long> counters;

        Maps(int maxEntries, Duration retention) {
            entries = Caffeine.newBuilder()
                    .maximumSize(maxEntries)
                    .expireAfter(new VariableExpiry<String, Stored>((e, now) -> e.ttlNanos))
                    .build();
            counters = Caffeine.newBuilder().expireAfterWrite(retention).build();
        }
    }

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final BuiltOnFirstUse<Maps> maps;

    public LocalStore(int maxEntries, Duration retention) {
        maps = new BuiltOnFirstUse<>(() -> new Maps(maxEntries, retention));
    }

    @Override
    public Found get(Lookup lookup) {
        Versions versions = versions(lookup);
        Stored e = maps.get().entries.getIfPresent(lookup.entryKey());
        return new Found(e == null ? null : e.value, versions);
    }

    /** In process: answered at once, on the caller's thread. */
    @Override
    public CompletionStage<Found> getAsync(Lookup lookup) {
        return CompletableFuture.completedFuture(get(lookup));
    }

    @Override
    public Versions versions(Lookup lookup) {
        long[] values = new long[lookup.counterCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = counter(lookup.counterKey(i));
        }
        return Versions.of(values);
    }

    @Override
    public CompletionStage<Void> put(String entryKey, byte[] value, long ttlMillis) {
        maps.get().entries.put(entryKey, new Stored(value, TimeUnit.MILLISECONDS.toNanos(ttlMillis)));
        return DONE;
    }

    @Override
    public void touch(String entryKey, long ttlMillis) {
        maps.get().entries.policy().expireVariably().ifPresent(p -> p.setExpiresAfter(entryKey, ttlMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public void invalidate(Invalidation invalidation) {
        for (String key : invalidation.bump) {
            bump(key);
        }
        for (String key : invalidation.delete) {
            maps.get().entries.invalidate(key);
        }
    }

    @Override
    public void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        bump(counterKey);
        put(entryKey, value, ttlMillis);
    }

    private void bump(String key) {
        maps.get().counters.asMap().merge(key, 1L, Long::sum);
    }

    private long counter(String key) {
        Long v = maps.get().counters.getIfPresent(key);
        return v == null ? 0 : v;
    }

    /** One JVM: the in-JVM single-flight is the whole story. */
    @Override
    public boolean tryLease(Lease lease, long leaseMillis) {
        return true;
    }

    @Override
    public boolean leaseHeld(Lease lease) {
        return false;
    }

    @Override
    public void release(Lease lease) {
    }

    @Override
    public CompletionStage<Void> putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease) {
        return put(entryKey, value, ttlMillis);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void close() {
        Maps m = maps.ifBuilt();
        if (m != null) {
            m.entries.invalidateAll();
            m.counters.invalidateAll();
        }
    }

    @Override
    public String describe() {
        return "mode=local (no Redis configured; in-process cache, correct for one JVM)";
    }
}
