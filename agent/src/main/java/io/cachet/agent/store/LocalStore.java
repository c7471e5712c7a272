package io.cachet.agent.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.concurrent.TimeUnit;

/**
 * Local mode, when no Redis is configured: a bounded in-process cache, correct for one JVM.
 * It keeps encoded bytes, exactly as Redis would, so a caller can never receive an object that
 * another caller has mutated, and both modes exercise the same codec.
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

    private final Cache<String, Entry> entries;

    public LocalStore(int maxEntries) {
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
    }

    @Override
    public byte[] get(String key, long slideTtlMillis) {
        Entry e = entries.getIfPresent(key);
        if (e == null) {
            return null;
        }
        if (slideTtlMillis > 0) {
            entries.policy().expireVariably().ifPresent(p -> p.setExpiresAfter(key, slideTtlMillis, TimeUnit.MILLISECONDS));
        }
        return e.value;
    }

    @Override
    public void put(String key, byte[] value, long ttlMillis) {
        entries.put(key, new Entry(value, TimeUnit.MILLISECONDS.toNanos(ttlMillis)));
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public String describe() {
        return "mode=local (no Redis configured; in-process cache, correct for one JVM)";
    }
}
