package io.cachet.agent.cache;

import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.KeyWriter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything about one instrumented method that is fixed when it is instrumented: its cache
 * name, key template, TTL and flags. Holds names, never {@code Class} objects, so the registry
 * that keeps it cannot keep an application class loader alive.
 */
public final class CachedMethod {

    private final String displayName;
    private final String cacheName;
    private final String keyPrefix;
    private final String methodName;
    private final List<String> parameterTypes;
    private final KeyTemplate key;
    private final List<KeyTemplate> tags;
    private final long ttlMillis;
    private final double jitter;
    private final boolean cacheNulls;
    private final boolean slidingTtl;
    private final boolean async;
    private volatile String disabledBecause;

    /**
     * @param displayName {@code com.acme.Repo#find(long)}, for log lines
     * @param keyPrefix the entry-key prefix of the cache, from {@link io.cachet.agent.key.EntryKeys}
     * @param parameterTypes erased parameter type names, to find the method by reflection later
     * @param async whether the method returns a {@code CompletionStage}
     */
    public CachedMethod(String displayName, String cacheName, String keyPrefix, String methodName,
                        List<String> parameterTypes, KeyTemplate key, List<KeyTemplate> tags,
                        long ttlMillis, double jitter, boolean cacheNulls, boolean slidingTtl, boolean async) {
        this.displayName = displayName;
        this.cacheName = cacheName;
        this.keyPrefix = keyPrefix;
        this.methodName = methodName;
        this.parameterTypes = List.copyOf(parameterTypes);
        this.key = key;
        this.tags = List.copyOf(tags);
        this.ttlMillis = ttlMillis;
        this.jitter = jitter;
        this.cacheNulls = cacheNulls;
        this.slidingTtl = slidingTtl;
        this.async = async;
    }

    /** The Redis key of the entry for these arguments. */
    String entryKey(Object[] args) {
        KeyWriter w = new KeyWriter();
        key.render(args, w);
        return keyPrefix + w.keyPart();
    }

    /** A TTL for a new entry: the configured one plus up to {@code jitter} of it. */
    long ttlWithJitter() {
        if (jitter <= 0) {
            return ttlMillis;
        }
        return ttlMillis + (long) (ThreadLocalRandom.current().nextDouble() * jitter * ttlMillis);
    }

    long slideTtlMillis() {
        return slidingTtl ? ttlMillis : 0;
    }

    /** Stops caching this method after a fault that would repeat on every call. */
    void disable(String reason) {
        disabledBecause = reason;
    }

    boolean disabled() {
        return disabledBecause != null;
    }

    public String displayName() {
        return displayName;
    }

    public String cacheName() {
        return cacheName;
    }

    public String methodName() {
        return methodName;
    }

    public List<String> parameterTypes() {
        return parameterTypes;
    }

    public List<KeyTemplate> tags() {
        return tags;
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    public boolean cacheNulls() {
        return cacheNulls;
    }

    public boolean async() {
        return async;
    }
}
