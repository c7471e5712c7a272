package io.cachet.agent.shadow;

import io.cachet.agent.config.CacheMode;
import io.cachet.agent.config.ShadowEquality;
import io.cachet.agent.metrics.CacheStats;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a cache checks its own answers before it is trusted: in {@code shadow} mode every call
 * runs the method and returns its real result, while the entry the cache would have served is
 * compared with it; in {@code verify-sample} mode a fraction of calls does the same and the rest
 * are served normally. Mismatches are counted and a sample is logged ({@link MismatchLog}).
 */
public final class ShadowPolicy {

    /** Normal mode: every hit is served. */
    public static final ShadowPolicy OFF = new ShadowPolicy(CacheMode.NORMAL, 0, ShadowEquality.AUTO);

    private final CacheMode mode;
    private final double rate;
    private final ShadowEquality equality;

    private ShadowPolicy(CacheMode mode, double rate, ShadowEquality equality) {
        this.mode = mode;
        this.rate = rate;
        this.equality = equality;
    }

    /** @param verifyRate the fraction of calls verified in {@code verify-sample} mode */
    public static ShadowPolicy of(CacheMode mode, double verifyRate, ShadowEquality equality) {
        return mode == CacheMode.NORMAL ? OFF : new ShadowPolicy(mode, verifyRate, equality);
    }

    /** Whether this call must run the method for real and compare (always in shadow mode; a sample otherwise). */
    public boolean runsForReal() {
        if (this == OFF) {
            return false;
        }
        return mode == CacheMode.SHADOW || ThreadLocalRandom.current().nextDouble() < rate;
    }

    public CacheMode mode() {
        return mode;
    }

    /**
     * Compares what the cache would have served with what the method returned, counts the
     * outcome, and logs a sample of mismatches. Never throws: a comparison that fails (an
     * {@code equals} that throws) counts as a mismatch.
     */
    public void compare(String cacheName, CacheStats stats, String key, Object cached, Object real) {
        boolean same;
        try {
            same = equal(cached, real);
        } catch (RuntimeException | StackOverflowError e) {
            same = false;
        }
        stats.shadowCompared(same);
        if (!same) {
            MismatchLog.report(cacheName, key, cached, real);
        }
    }

    boolean equal(Object cached, Object real) {
        switch (equality) {
            case EQUALS: return Objects.deepEquals(cached, real);
            case STRUCTURAL: return StructuralEquality.equal(cached, real, false);
            default: return StructuralEquality.equal(cached, real, true);
        }
    }
}
