package io.cachet.agent.cache;

import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import io.cachet.agent.near.NearCache;
import io.cachet.agent.near.TieredStore;
import io.cachet.agent.shadow.ShadowPolicy;

/**
 * One cached method as it was instrumented: which method, the cache it fills, how that cache
 * names its keys, and its policy. Holds names, never {@code Class} objects, so the registry that
 * keeps it cannot keep an application class loader alive.
 */
public final class CachedMethod {

    private final MethodRef method;
    private final String cacheName;
    private final CacheKeys keys;
    private final CachePolicy policy;
    private final ReturnShape shape;
    private final CacheStats stats;
    private final boolean generated;
    private final String configuredBy;
    private volatile String disabledBecause;
    private volatile boolean decodeFailureReported;
    /** Whether the last read of this method's entries found none: see {@link #expectsMiss}. */
    private volatile boolean lastReadFoundNone;
    /** Where the near tier keeps this method's entries found by argument value; made on first use. */
    private volatile NearCache.Partition nearPartition;

    public CachedMethod(MethodRef method, String cacheName, CacheKeys keys, CachePolicy policy, ReturnShape shape) {
        this(method, cacheName, keys, policy, shape, false, "@Cached");
    }

    /**
     * @param generated whether the method is declared by a JDK proxy or generated subclass, whose
     *     calls delegate to the implementation (see {@link DelegatedCalls})
     * @param configuredBy where its attributes come from: {@code @Cached} or {@code cachet.cache.<id>.*}
     */
    public CachedMethod(MethodRef method, String cacheName, CacheKeys keys, CachePolicy policy, ReturnShape shape,
                        boolean generated, String configuredBy) {
        this.method = method;
        this.generated = generated;
        this.configuredBy = configuredBy;
        this.cacheName = cacheName;
        this.keys = keys;
        this.policy = policy;
        this.shape = shape;
        this.stats = AgentMetrics.forCache(cacheName);
    }

    public MethodRef method() {
        return method;
    }

    public String displayName() {
        return method.displayName();
    }

    public String cacheName() {
        return cacheName;
    }

    /** Whether declared by a JDK proxy or generated subclass. */
    boolean generated() {
        return generated;
    }

    /** {@code @Cached} or {@code cachet.cache.<id>.*}: where a remedy should send the reader. */
    public String configuredBy() {
        return configuredBy;
    }

    public CacheKeys keys() {
        return keys;
    }

    public CachePolicy policy() {
        return policy;
    }

    ReturnShape shape() {
        return shape;
    }

    /** What this method's cache did; shared by every method of the same cache name. */
    public CacheStats stats() {
        return stats;
    }

    /** Stops caching this method after a fault that would repeat on every call, saying so once. */
    void disable(String reason) {
        disabledBecause = reason;
        AgentLog.warnOnce("disabled:" + displayName(), displayName() + " runs uncached from now on: " + reason);
    }

    /** Whether a decode failure was reported already; the first call of this says no, and marks it. */
    boolean decodeFailureReported() {
        if (decodeFailureReported) {
            return true;
        }
        decodeFailureReported = true;
        return false;
    }

    /**
     * Whether the next read of an entry should take the lease in the same round trip, if it finds
     * none ({@link io.cachet.agent.store.CacheStore#getThenLease}): when the last read found none.
     * A method whose calls mostly miss (new keys, a short TTL) then pays one round trip before it
     * runs instead of two, and a wrong guess costs a script where an MGET would have done.
     */
    boolean expectsMiss() {
        return lastReadFoundNone;
    }

    /** Notes what a read of an entry found, for {@link #expectsMiss}. */
    void readFound(boolean none) {
        if (lastReadFoundNone != none) { // written only when it turns: every hit reads it
            lastReadFoundNone = none;
        }
    }

    boolean disabled() {
        return disabledBecause != null;
    }

    /** Whether this is a Kotlin {@code suspend} function, whose advice may replace its continuation argument. */
    public boolean suspending() {
        return shape == ReturnShape.SUSPEND;
    }

    /** Whether concurrent misses of one key share one load: only where the value is known at return. */
    boolean singleFlight() {
        return policy.singleFlight() && shape.immediate();
    }

    /** The near tier's partition of this method's entries found by argument value (see {@link CacheKeys#byValue}). */
    NearCache.Partition nearPartition(TieredStore tiers) {
        NearCache.Partition p = nearPartition;
        if (p == null || tiers.partition(p) != p) {
            synchronized (this) {
                p = tiers.partition(nearPartition);
                nearPartition = p;
            }
        }
        return p;
    }

    /** Whether this call may be served from, and kept in, the near tier. */
    boolean nearEligible() {
        return policy.near() && shape.immediate() && policy.shadow() == ShadowPolicy.OFF;
    }
}
