package io.cachet.agent.metrics;

import io.cachet.agent.tracing.CacheSpans;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one cache did since start-up. Every recording method is a striped-counter increment (no
 * lock, no allocation) and cannot throw, so it costs the application nothing measurable on the
 * hit path and can never fail a call. A call's result is also told to {@link CacheSpans} here,
 * the one place each result is counted.
 */
public final class CacheStats {

    private final String cacheName;
    private final LongAdder calls = new LongAdder();
    private final LongAdder l1Hits = new LongAdder();
    /** Near hits: a call and an L1 hit in one increment, since the near hit counts for both. */
    private final LongAdder nearHits = new LongAdder();
    private final LongAdder l2Hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypasses = new LongAdder();
    private final LongAdder staleEntries = new LongAdder();
    private final LongAdder stampedeWaits = new LongAdder();
    private final LongAdder leaseTimeouts = new LongAdder();
    private final LongAdder shadowMatches = new LongAdder();
    private final LongAdder shadowMismatches = new LongAdder();
    private final LongAdder[] errors = adders(ErrorKind.values().length);
    private final LongAdder[] evictions = adders(EvictionKind.values().length);
    private final LogHistogram loadNanos = new LogHistogram();
    private final LogHistogram storedBytes = new LogHistogram();

    CacheStats(String cacheName) {
        this.cacheName = cacheName;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] out = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }

    public String cacheName() {
        return cacheName;
    }

    /** A call of the cached method by the application (background reloads are not calls). */
    public void call() {
        calls.increment();
    }

    /** A call served from this JVM's memory (the near cache, or the local-mode store). */
    public void l1Hit() {
        l1Hits.increment();
    }

    /** A call served by the near cache: counted as a call and an L1 hit, with one increment. */
    public void nearHit() {
        nearHits.increment();
    }

    public void l2Hit() {
        l2Hits.increment();
    }

    public void hit(Tier tier) {
        if (tier == Tier.L1) {
            l1Hits.increment();
            CacheSpans.result(cacheName, "hit", "l1");
        } else {
            l2Hits.increment();
            CacheSpans.result(cacheName, "hit", "l2");
        }
    }

    /** A call that ran the method to fill the cache. */
    public void miss() {
        misses.increment();
        CacheSpans.result(cacheName, "miss", null);
    }

    /** A load that completed and was offered to the cache, and how long it took. */
    public void loaded(long nanos) {
        loadNanos.record(nanos);
    }

    /** An entry written to the store, and its size. */
    public void stored(int bytes) {
        storedBytes.record(bytes);
    }

    public void error(ErrorKind kind) {
        errors[kind.ordinal()].increment();
    }

    /** A call that ran without the store because Redis was down, failing, or behind an open circuit. */
    public void bypass() {
        bypasses.increment();
        CacheSpans.result(cacheName, "bypass", null);
    }

    /** An entry found but recorded under versions an eviction has since moved past. */
    public void staleEntry() {
        staleEntries.increment();
        CacheSpans.result(cacheName, "stale", null);
    }

    /** A caller that waited for another's load of the same key (in this JVM or another). */
    public void stampedeWait() {
        stampedeWaits.increment();
    }

    /** A caller that stopped waiting for another's load and ran the method itself. */
    public void leaseTimeout() {
        leaseTimeouts.increment();
    }

    public void evicted(EvictionKind kind) {
        evictions[kind.ordinal()].increment();
    }

    /** A shadow or verify-sample comparison of the cached and the real result. */
    public void shadowCompared(boolean matched) {
        (matched ? shadowMatches : shadowMismatches).increment();
    }

    public long calls() {
        return calls.sum() + nearHits.sum();
    }

    public long hits(Tier tier) {
        return tier == Tier.L1 ? l1Hits.sum() + nearHits.sum() : l2Hits.sum();
    }

    public long hits() {
        return l1Hits.sum() + nearHits.sum() + l2Hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long bypasses() {
        return bypasses.sum();
    }

    public long staleEntries() {
        return staleEntries.sum();
    }

    public long stampedeWaits() {
        return stampedeWaits.sum();
    }

    public long leaseTimeouts() {
        return leaseTimeouts.sum();
    }

    public long errors(ErrorKind kind) {
        return errors[kind.ordinal()].sum();
    }

    public long evictions(EvictionKind kind) {
        return evictions[kind.ordinal()].sum();
    }

    public long shadowMatches() {
        return shadowMatches.sum();
    }

    public long shadowMismatches() {
        return shadowMismatches.sum();
    }

    public LogHistogram.Snapshot loadNanos() {
        return loadNanos.snapshot();
    }

    public LogHistogram.Snapshot storedBytes() {
        return storedBytes.snapshot();
    }

    /** Hits times the mean load time: what the cache spared the application, in seconds. */
    public double timeSavedSeconds() {
        return hits() * loadNanos.snapshot().mean() / 1e9;
    }

    /** Hits over hits and misses; 0 before the first of either. */
    public double hitRatio() {
        long h = hits();
        long total = h + misses();
        return total == 0 ? 0 : (double) h / total;
    }
}
