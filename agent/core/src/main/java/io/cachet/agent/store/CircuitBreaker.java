package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.AgentMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops calling Redis after repeated faults, so that an outage costs each call about nothing
 * instead of a full timeout. After {@code openNanos} one call is let through as a probe; its
 * success closes the circuit, its failure opens it again. A probe that reports neither (its call
 * ended some other way) is given up after another {@code openNanos}: an unreported probe kept
 * the circuit open for good once (MisalignedRepliesIT, DROP_REPLY).
 */
final class CircuitBreaker {

    private final int threshold;
    private final long openNanos;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    /** When the current probe went, by {@link System#nanoTime()}; meaningful while {@link #probing}. */
    private volatile long probeSentAt;
    /** 0 while closed; otherwise the {@link System#nanoTime()} after which a probe may go. */
    private volatile long openUntil;

    CircuitBreaker(int threshold, long openNanos) {
        this.threshold = threshold;
        this.openNanos = openNanos;
    }

    boolean allows() {
        long until = openUntil;
        if (until == 0) {
            return true;
        }
        long now = System.nanoTime();
        if (now - until < 0) {
            return false;
        }
        if (probing.compareAndSet(false, true) || now - probeSentAt - openNanos >= 0 && probing.get()) {
            probeSentAt = now;
            return true;
        }
        return false;
    }

    /** Whether a call could go now, without claiming the probe. */
    boolean isClosedOrProbeDue() {
        long until = openUntil;
        long now = System.nanoTime();
        return until == 0 || (now - until >= 0 && (!probing.get() || now - probeSentAt - openNanos >= 0));
    }

    void success() {
        consecutiveFailures.set(0);
        if (openUntil != 0) {
            openUntil = 0;
            probing.set(false);
            AgentMetrics.circuit().closed();
            AgentLog.info("Redis answers again; caching resumed");
        }
    }

    void failure(String what) {
        if (openUntil != 0) {
            // A failed probe: stay open for another period.
            openUntil = nanoTimeNonZero(System.nanoTime() + openNanos);
            probing.set(false);
            return;
        }
        if (consecutiveFailures.incrementAndGet() >= threshold) {
            openUntil = nanoTimeNonZero(System.nanoTime() + openNanos);
            AgentMetrics.circuit().opened();
            AgentLog.warn("Redis failed " + threshold + " calls in a row (" + what
                    + "); calls run uncached until it answers again");
        }
    }

    boolean isOpen() {
        return openUntil != 0;
    }

    private static long nanoTimeNonZero(long t) {
        return t == 0 ? 1 : t;
    }
}
