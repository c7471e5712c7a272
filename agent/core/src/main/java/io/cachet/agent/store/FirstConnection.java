package io.cachet.agent.store;

import io.cachet.agent.config.Durations;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.Deadlines;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets calls that need Redis wait for this JVM's first connection, bounded by
 * {@code cachet.redis.startup-wait}, so that a JVM is cached from its first call instead of
 * running uncached until the background connector is done. The wait happens once per JVM: its
 * window opens at the first call that waits and closes when the first connection attempt ends
 * (connected or failed) or the wait is used up, whichever is first; after that no call waits
 * again (a later outage is the circuit breaker's business). {@code premain} never waits.
 */
final class FirstConnection {

    private final long waitNanos;
    private final CountDownLatch attempted = new CountDownLatch(1);
    /** The same moment as {@link #attempted}, for calls that must not block while they wait. */
    private final CompletableFuture<Void> attemptedLater = new CompletableFuture<>();
    private static final CompletionStage<Void> NO_WAIT = CompletableFuture.completedFuture(null);
    /** When the window closes, {@link System#nanoTime()}; 0 until the first call waits. */
    private final AtomicLong windowEnd = new AtomicLong();
    private final AtomicInteger waited = new AtomicInteger();
    private volatile boolean over;
    private volatile String outcome;

    FirstConnection(Duration startupWait) {
        this.waitNanos = startupWait.toNanos();
        this.over = waitNanos == 0;
    }

    /** The connector's first attempt has ended; {@code outcome} says how, for the log line. */
    void attempted(String outcome) {
        this.outcome = outcome;
        attempted.countDown();
        attemptedLater.complete(null);
        close();
    }

    /** Waits, if the first connection is still being made and the window is still open. */
    void await() {
        if (over) {
            return;
        }
        long now = System.nanoTime();
        windowEnd.compareAndSet(0, now + waitNanos);
        long remaining = windowEnd.get() - now;
        if (remaining > 0) {
            waited.incrementAndGet();
            try {
                attempted.await(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /**
     * The same wait as {@link #await}, without blocking: completes (normally) when the first
     * attempt has ended or the window has closed, on the connector's thread or the
     * {@link Deadlines} thread. For callers on threads that must not block.
     */
    CompletionStage<Void> awaitAsync() {
        if (over) {
            return NO_WAIT;
        }
        long now = System.nanoTime();
        windowEnd.compareAndSet(0, now + waitNanos);
        long remaining = windowEnd.get() - now;
        if (remaining <= 0) {
            close();
            return NO_WAIT;
        }
        waited.incrementAndGet();
        return Deadlines.within(attemptedLater.copy(), TimeUnit.NANOSECONDS.toMillis(remaining) + 1)
                .handle((ok, timedOut) -> (Void) null).whenComplete((ok, e) -> close());
    }

    /** Ends the window once, saying what the calls that waited got. */
    private synchronized void close() {
        if (over) {
            return;
        }
        long end = windowEnd.get();
        boolean attemptDone = attempted.getCount() == 0;
        if (!attemptDone && (end == 0 || System.nanoTime() - end < 0)) {
            return; // still open for the calls waiting now
        }
        over = true;
        int n = waited.get();
        if (n > 0) {
            AgentLog.info(n + (n == 1 ? " call" : " calls") + " waited for the first connection to Redis (at most "
                    + Durations.format(Duration.ofNanos(waitNanos)) + ", once): "
                    + (attemptDone ? outcome : "not made in time; calls run uncached until it is"));
        }
    }
}
