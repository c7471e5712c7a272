package io.cachet.agent.cache;

import io.cachet.agent.codec.Entry;
import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.Durations;
import io.cachet.agent.config.RuleFamily.Cache;
import io.cachet.agent.shadow.ShadowPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How one cache treats its entries: how long they live and are served, whether nulls are kept,
 * whether concurrent misses share a load, whether the near tier may hold them, and whether its
 * answers are still being verified. Fixed when the method is instrumented; immutable.
 */
public final class CachePolicy {

    /** Tags an entry may carry: each is a counter read on every lookup. */
    static final int MAX_TAGS = 32;

    private final long ttlMillis;
    private final double jitter;
    private final boolean cacheNulls;
    private final boolean slidingTtl;
    private final boolean singleFlight;
    private final boolean near;
    private final long staleWhileRevalidateMillis;
    private final double earlyRefreshBeta;
    private final ShadowPolicy shadow;

    private CachePolicy(AttributeValues v, Duration ttl, ShadowPolicy shadow) {
        this.ttlMillis = ttl.toMillis();
        this.jitter = v.get(Cache.JITTER);
        this.cacheNulls = v.get(Cache.CACHE_NULLS);
        this.slidingTtl = v.get(Cache.SLIDING_TTL);
        this.singleFlight = v.get(Cache.SINGLE_FLIGHT);
        this.near = v.get(Cache.NEAR);
        this.staleWhileRevalidateMillis = v.get(Cache.STALE_WHILE_REVALIDATE).toMillis();
        this.earlyRefreshBeta = v.get(Cache.EARLY_REFRESH_BETA);
        this.shadow = shadow;
    }

    /**
     * @param defaultTtl the TTL when the attributes set none
     * @param retention how long version counters live: no entry may outlive them
     * @throws IllegalArgumentException naming the attribute, its value and what is wrong
     */
    public static CachePolicy of(AttributeValues v, Duration defaultTtl, Duration retention) {
        Duration ttl = v.get(Cache.TTL) == null ? defaultTtl : v.get(Cache.TTL);
        if (v.get(Cache.TAGS).size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags: " + v.get(Cache.TAGS).size() + " tags, at most " + MAX_TAGS);
        }
        if (ttl.toMillis() * (1 + v.get(Cache.JITTER)) + v.get(Cache.STALE_WHILE_REVALIDATE).toMillis() > retention.toMillis()) {
            // An entry must not outlive the version counters that can invalidate it.
            throw new IllegalArgumentException("ttl=\"" + Durations.format(ttl) + "\" (plus jitter) is longer than "
                    + "cachet.invalidation.retention (" + Durations.format(retention) + "); shorten it or raise the retention");
        }
        ShadowPolicy shadow = ShadowPolicy.of(v.get(Cache.MODE), v.get(Cache.VERIFY_RATE), v.get(Cache.SHADOW_EQUALITY));
        return new CachePolicy(v, ttl, shadow);
    }

    public long ttlMillis() {
        return ttlMillis;
    }

    /**
     * A server-side TTL for a new entry: the configured one plus up to {@code jitter} of it,
     * plus the stale-while-revalidate window, during which the entry is served stale.
     */
    long ttlWithJitter() {
        long jittered = jitter <= 0 ? ttlMillis : ttlMillis + (long) (ThreadLocalRandom.current().nextDouble() * jitter * ttlMillis);
        return jittered + staleWhileRevalidateMillis;
    }

    /**
     * How long an entry loaded at {@code loadTimeMillis} may still be served fresh: a near cache
     * never serves one stale, and a sliding entry is kept alive by reads in Redis, not here.
     */
    long remainingMillis(long loadTimeMillis) {
        return slidingTtl ? ttlMillis : loadTimeMillis + ttlMillis - System.currentTimeMillis();
    }

    /**
     * Guarantee 3 with stale-while-revalidate: the server-side TTL (ttl + jitter + window) may
     * outlast ttl + window by the jitter; such an entry is too old to serve even stale.
     */
    boolean pastStaleWindow(Entry entry) {
        return staleWhileRevalidateMillis > 0
                && System.currentTimeMillis() - entry.loadTimeMillis() > ttlMillis + staleWhileRevalidateMillis;
    }

    /**
     * Whether a hit should be reloaded in the background: it is past its TTL, inside the
     * stale-while-revalidate window; or XFetch (Vattani et al., VLDB 2015) says so, with
     * probability exp(-remaining / (beta * computeTime)), so hot keys are refreshed before they
     * expire and no herd forms.
     */
    boolean dueForRefresh(Entry entry) {
        long age = System.currentTimeMillis() - entry.loadTimeMillis();
        if (staleWhileRevalidateMillis > 0 && age > ttlMillis) {
            return true;
        }
        if (earlyRefreshBeta <= 0) {
            return false;
        }
        double computeMillis = Math.max(1, entry.computeMicros() / 1000.0);
        double remaining = ttlMillis - age;
        return -computeMillis * earlyRefreshBeta * Math.log(ThreadLocalRandom.current().nextDouble()) >= remaining;
    }

    boolean cacheNulls() {
        return cacheNulls;
    }

    boolean slidingTtl() {
        return slidingTtl;
    }

    /** Whether concurrent misses of one key share one load (in this JVM and, through a lease, the cluster). */
    boolean singleFlight() {
        return singleFlight;
    }

    /** Whether hits may be served from this JVM's near cache ({@code @Cached(near = true)}). */
    boolean near() {
        return near;
    }

    ShadowPolicy shadow() {
        return shadow;
    }
}
