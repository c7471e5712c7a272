package io.cachet.agent.shadow;

import io.cachet.agent.config.CacheModes;
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
    public static final ShadowPolicy OFF = new ShadowPolicy(CacheModes.NORMAL, 0, CacheModes.AUTO);

    private final String mode;
    private final double rate;
    private final String equality;

    private ShadowPolicy(String mode, double rate, String equality) {
        this.mode = mode;
        this.rate = rate;
        this.equality = equality;
    }

    /** @throws IllegalArgumentException naming the attribute and value that are not valid */
    public static ShadowPolicy of(String mode, double verifyRate, String equality) {
        String m = mode == null || mode.isEmpty() ? CacheModes.NORMAL : mode;
        if (!CacheModes.MODES.contains(m)) {
            throw new IllegalArgumentException("mode=\"" + mode + "\": not a mode (use " + String.join(", ", CacheModes.MODES) + ")");
        }
        if (!(verifyRate >= 0 && verifyRate <= 1)) {
            throw new IllegalArgumentException("verifyRate=" + verifyRate + ": not a fraction between 0 and 1");
        }
        String e = equality == null || equality.isEmpty() ? CacheModes.AUTO : equality;
        if (!CacheModes.EQUALITIES.contains(e)) {
            throw new IllegalArgumentException("shadow-equality=\"" + equality + "\": use " + String.join(", ", CacheModes.EQUALITIES));
        }
        return m.equals(CacheModes.NORMAL) ? OFF : new ShadowPolicy(m, verifyRate, e);
    }

    /** Whether this call must run the method for real and compare (always in shadow mode; a sample otherwise). */
    public boolean runsForReal() {
        if (this == OFF) {
            return false;
        }
        return mode.equals(CacheModes.SHADOW) || ThreadLocalRandom.current().nextDouble() < rate;
    }

    public String mode() {
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
            case CacheModes.EQUALS: return Objects.deepEquals(cached, real);
            case CacheModes.STRUCTURAL: return StructuralEquality.equal(cached, real, false);
            default: return StructuralEquality.equal(cached, real, true);
        }
    }
}
