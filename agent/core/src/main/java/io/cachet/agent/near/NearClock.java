package io.cachet.agent.near;

import io.cachet.agent.runtime.AgentThreads;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The near hit's clock: one volatile field that a thread of its own sets from
 * {@code System.nanoTime()} every tick, so that a hit compares its entry's deadline with a field
 * instead of reading the system clock (which costs more than the rest of the lookup on this
 * kind of machine). The clock lags the true time by up to a tick, so a deadline counts as passed
 * two ticks early: an entry is never served late while the clock thread gets its CPU, and late
 * only by as long as it is kept from it.
 */
final class NearClock {

    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_TICK = TimeUnit.MILLISECONDS.toNanos(50);

    private final long tickNanos;
    private volatile long now = System.nanoTime();

    /** @param ttlNanos the longest an entry lives: a tick is a hundredth of it, 1 to 50 ms */
    NearClock(long ttlNanos) {
        this.tickNanos = Math.max(MIN_TICK, Math.min(MAX_TICK, ttlNanos / 100));
        Thread ticker = new AgentThreads("cachet-near-clock").newThread(this::tick);
        ticker.start();
    }

    private void tick() {
        while (true) {
            LockSupport.parkNanos(tickNanos);
            now = System.nanoTime();
        }
    }

    /** Whether {@code deadlineNanos} (on {@code System.nanoTime()}'s scale) has passed, or may have. */
    boolean passed(long deadlineNanos) {
        return now - (deadlineNanos - 2 * tickNanos) >= 0;
    }
}
