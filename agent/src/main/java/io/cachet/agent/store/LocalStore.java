package io.cachet.agent.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
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

    private static final class Entry {
        final byte[] value;
        final long ttlNanos;

        Entry(byte[] value, long ttlNanos) {
            this.value = value;
            this.ttlNanos = ttlNanos;
        }
    }

    /** Entries and version counters, built on first use (see {@link BuiltOnFirstUse}). */
    private static final class Maps {
        final Cache<String, Entry> entries;
        final Cache<String, Long> counters;

        Maps(int maxEntries, Duration retention) {
            entries = Caffeine.newBuilder()
                    .maximumSize(maxEntries)
                    .expireAfter(new Expiry<String, Entry>() {
                        @Override
                        public long expireAfterCreate(String key, Entry e, long now) {
                            return e.ttlNanos;
                        }

                        @Override
                        public long expireAfterUpdate(String key, Entry e, long now, long current) {
                            return e.ttlNanos;
                        }

                        @Override
                        public long expireAfterRead(String key, Entry e, long now, long current) {
                            return current;
                        }
                    })
                    .build();
            counters = Caffeine.newBuilder().expireAfterWrite(retention).build();
        }
    }

    private final BuiltOnFirstUse<Maps> maps;

    public LocalStore(int maxEntries, Duration retention) {
        maps = new BuiltOnFirstUse<>(() -> new Maps(maxEntries, retention));
    }

    @Override
    public byte[] get(String[] keys, long[] versions) {
        for (int i = 1; i < keys.length; i++) {
            versions[i - 1] = counter(keys[i]);
        }
        Entry e = maps.get().entries.getIfPresent(keys[0]);
        return e == null ? null : e.value;
    }

    @Override
    public void put(String key, byte[] value, long ttlMillis) {
        maps.get().entries.put(key, new Entry(value, TimeUnit.MILLISECONDS.toNanos(ttlMillis)));
    }

    @Override
    public void touch(String key, long ttlMillis) {
        maps.get().entries.policy().expireVariably().ifPresent(p -> p.setExpiresAfter(key, ttlMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public long[] bumpDeleteRead(String[] bump, String[] delete, String[] read, long retentionMillis) {
        long[] out = new long[bump.length + read.length];
        for (int i = 0; i < bump.length; i++) {
            out[i] = bump(bump[i]);
        }
        for (String key : delete) {
            maps.get().entries.invalidate(key);
        }
        for (int i = 0; i < read.length; i++) {
            out[bump.length + i] = counter(read[i]);
        }
        return out;
    }

    @Override
    public void bumpAndPut(String bump, long retentionMillis, String key, byte[] value, long ttlMillis) {
        bump(bump);
        put(key, value, ttlMillis);
    }

    private long bump(String key) {
        return maps.get().counters.asMap().merge(key, 1L, Long::sum);
    }

    private long counter(String key) {
        Long v = maps.get().counters.getIfPresent(key);
        return v == null ? 0 : v;
    }

    /** One JVM: the in-JVM single-flight is the whole story. */
    @Override
    public boolean tryLease(String key, String token, long leaseMillis) {
        return true;
    }

    @Override
    public boolean leaseHeld(String key) {
        return false;
    }

    @Override
    public void releaseLease(String key, String token) {
    }

    @Override
    public void putThenReleaseLease(String key, byte[] value, long ttlMillis, String leaseKey, String token) {
        put(key, value, ttlMillis);
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
