package io.cachet.agent.cache;

import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.KeyWriter;
import io.cachet.agent.near.NearKey;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import io.cachet.agent.shadow.ShadowPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything about one cached method that is fixed when it is instrumented: its cache name, key
 * and tag templates, TTL and flags. Holds names, never {@code Class} objects, so the registry
 * that keeps it cannot keep an application class loader alive.
 */
public final class CachedMethod {

    private final String displayName;
    private final String typeName;
    private final String methodName;
    private final List<String> parameterTypes;
    private final String cacheName;
    private final EntryKeys keys;
    private final String entryPrefix;
    private final String cacheVersionKey;
    private final KeyTemplate key;
    private final List<KeyTemplate> tags;
    private final long ttlMillis;
    private final double jitter;
    private final boolean cacheNulls;
    private final boolean slidingTtl;
    private final boolean async;
    private final boolean singleFlight;
    private final boolean near;
    /** The arguments a key made of whole arguments renders, for {@link NearKey}s; else {@code null}. */
    private final int[] keyArguments;
    private final long staleWhileRevalidateMillis;
    private final double earlyRefreshBeta;
    private volatile String disabledBecause;
    private final CacheStats stats;
    /** Set once by the factory, before the method is registered (and so published). */
    private ShadowPolicy shadow = ShadowPolicy.OFF;

    /**
     * @param displayName {@code com.acme.Repo#find(long)}, for log lines
     * @param typeName the declaring class, to find it again for a write-through
     * @param parameterTypes erased parameter type names, to find the method by reflection later
     * @param async whether the method returns a {@code CompletionStage}
     */
    public CachedMethod(String displayName, String typeName, String methodName, List<String> parameterTypes,
                        String cacheName, EntryKeys keys, KeyTemplate key, List<KeyTemplate> tags,
                        long ttlMillis, double jitter, boolean cacheNulls, boolean slidingTtl, boolean async,
                        boolean singleFlight, long staleWhileRevalidateMillis, double earlyRefreshBeta, boolean near) {
        this.displayName = displayName;
        this.typeName = typeName;
        this.methodName = methodName;
        this.parameterTypes = List.copyOf(parameterTypes);
        this.cacheName = cacheName;
        this.keys = keys;
        this.entryPrefix = keys.cachePrefix(cacheName);
        this.cacheVersionKey = keys.cacheVersion(cacheName);
        this.key = key;
        this.tags = List.copyOf(tags);
        this.ttlMillis = ttlMillis;
        this.jitter = jitter;
        this.cacheNulls = cacheNulls;
        this.slidingTtl = slidingTtl;
        this.async = async;
        this.singleFlight = singleFlight;
        this.staleWhileRevalidateMillis = staleWhileRevalidateMillis;
        this.earlyRefreshBeta = earlyRefreshBeta;
        this.near = near;
        this.keyArguments = key.wholeArguments();
        this.stats = AgentMetrics.forCache(cacheName);
    }

    /**
     * The near cache's key for these arguments when they are values it can be found by without
     * rendering ({@link NearKey}); {@code null} otherwise, and the Redis key is used.
     */
    NearKey nearKey(Object[] args) {
        return keyArguments == null ? null : NearKey.of(this, args, keyArguments);
    }

    /** The Redis key of the entry for these arguments. */
    String entryKey(Object[] args) {
        KeyWriter w = new KeyWriter();
        key.render(args, w);
        return entryPrefix + w.keyPart();
    }

    /**
     * The keys a lookup reads in its one round trip: the entry, then the counters it is
     * validated against, in the order the entry records them: the cache's, the key's, each tag's.
     */
    String[] lookupKeys(String entryKey, Object[] args) {
        String part = entryKey.substring(entryPrefix.length());
        String[] out = new String[3 + tags.size()];
        out[0] = entryKey;
        out[1] = cacheVersionKey;
        out[2] = keys.keyVersion(cacheName, part);
        for (int i = 0; i < tags.size(); i++) {
            KeyWriter t = new KeyWriter();
            tags.get(i).render(args, t);
            out[3 + i] = keys.tagVersion(t.keyPart());
        }
        return out;
    }

    /** The load lease of the entry stored under {@code entryKey}. */
    String leaseKey(String entryKey) {
        return keys.lease(cacheName, entryKey.substring(entryPrefix.length()));
    }

    /** The key-version counter of the entry whose rendered key part is {@code part}. */
    String keyVersionKey(String part) {
        return keys.keyVersion(cacheName, part);
    }

    String cacheVersionKey() {
        return cacheVersionKey;
    }

    /**
     * The tag counters of the entry whose key part is {@code part}, when they can be told from
     * the key alone (see {@link KeyTemplate#renderForKey}); {@code null} otherwise.
     */
    String[] tagVersionKeysForKey(String part) {
        String[] out = new String[tags.size()];
        for (int i = 0; i < out.length; i++) {
            KeyWriter t = new KeyWriter();
            if (!tags.get(i).renderForKey(key, part, t)) {
                return null;
            }
            out[i] = keys.tagVersion(t.keyPart());
        }
        return out;
    }

    /**
     * A server-side TTL for a new entry: the configured one plus up to {@code jitter} of it,
     * plus the stale-while-revalidate window, during which the entry is served stale.
     */
    long ttlWithJitter() {
        long jittered = jitter <= 0 ? ttlMillis : ttlMillis + (long) (ThreadLocalRandom.current().nextDouble() * jitter * ttlMillis);
        return jittered + staleWhileRevalidateMillis;
    }

    long staleWhileRevalidateMillis() {
        return staleWhileRevalidateMillis;
    }

    double earlyRefreshBeta() {
        return earlyRefreshBeta;
    }

    boolean slidingTtl() {
        return slidingTtl;
    }

    /** Stops caching this method after a fault that would repeat on every call. */
    void disable(String reason) {
        disabledBecause = reason;
    }

    boolean disabled() {
        return disabledBecause != null;
    }

    /** Sets the shadow or verify-sample mode; called once, before the method is registered. */
    public void verifyWith(ShadowPolicy policy) {
        this.shadow = policy;
    }

    ShadowPolicy shadow() {
        return shadow;
    }

    /** What this method's cache did; shared by every method of the same cache name. */
    public CacheStats stats() {
        return stats;
    }

    /** The tag templates as written, for the status page. */
    public List<String> tagTemplates() {
        List<String> out = new ArrayList<>();
        for (KeyTemplate t : tags) {
            out.add(t.toString());
        }
        return out;
    }

    public String displayName() {
        return displayName;
    }

    String typeName() {
        return typeName;
    }

    public String cacheName() {
        return cacheName;
    }

    String methodName() {
        return methodName;
    }

    List<String> parameterTypes() {
        return parameterTypes;
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    boolean cacheNulls() {
        return cacheNulls;
    }

    boolean async() {
        return async;
    }

    /** Whether hits may be served from this JVM's near cache ({@code @Cached(near = true)}). */
    boolean near() {
        return near;
    }

    /**
     * How long an entry loaded at {@code loadTimeMillis} may still be served fresh: a near cache
     * never serves one stale, and a sliding entry is kept alive by reads in Redis, not here.
     */
    long remainingMillis(long loadTimeMillis) {
        return slidingTtl ? ttlMillis : loadTimeMillis + ttlMillis - System.currentTimeMillis();
    }

    /** Whether concurrent misses of one key share one load (in this JVM and, through a lease, the cluster). */
    boolean singleFlight() {
        return singleFlight && !async;
    }
}
