package io.cachet.agent.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a caller waits for a Redis reply it cannot go on without: it spins for up to
 * {@code cachet.redis.spin-wait} on the reply before it parks, while few callers wait at once
 * and while replies often come back within that time.
 *
 * <p>Why: a reply from Redis on loopback or in the same rack is decoded tens of microseconds
 * after the command is written, and a caller that parks at once pays a wake-up on top: the
 * Netty thread that decodes the reply unparks it, and the core it parked on has often gone
 * idle meanwhile. That wake-up, not Redisson's work or ours, was most of what separated a
 * remote hit from a raw socket's round trip in the one-JVM benchmark (three context switches
 * per call against one); a caller that spins sees the reply as soon as it is decoded.
 *
 * <p>Spinning takes a core from the application, so it is bounded three ways:
 * <ul>
 *   <li>only while at most {@code spinners} callers wait for a reply, the spinner among them
 *       (half the cores; none on one core, where the spinner would hold the core the reply
 *       needs): with more waiting, the cores have other work and a wake-up costs little;
 *   <li>only while at least a quarter of the replies come back within the spin (a moving share
 *       of the waits, spun or parked, that ended within it): a Redis farther away than the
 *       spin, or a busy one, costs no spinning at all. A share, not an average time, since one
 *       pause of a millisecond would lift an average past the spin and stop spinning for many
 *       calls (an average of the waits did that in the one-JVM benchmark, and lost the gain);
 *       parked waits count too, since a rule that gave up after spins that saw no reply stopped
 *       for good there: the rare spins it still tried came after idle stretches, whose first
 *       reply is the slowest;
 *   <li>never past the call's deadline, of which the spin is a part.
 * </ul>
 *
 * <p>What it cannot tell: whether the reply needs the core the spinner holds. Through a TCP
 * proxy on the same 2-core machine (the test suite's fault proxy, passing every byte) a remote
 * hit took 109-151 µs with the spin against 48-63 µs parked: the proxy's threads queued behind
 * the spinner. Such a host sets {@code cachet.redis.spin-wait=0}, as the README says. Tried
 * and not kept:
 * <ul>
 *   <li>yielding in the spin: 91-95 µs through that proxy;
 *   <li>choosing between spinning and parking by moving averages of each: its rare spins
 *       measured the cold cores that parking leaves, and the gain on loopback was lost;
 *   <li>waiting the other way on one block of 64 calls in 1,024 and keeping the quicker:
 *       77-80 µs through the proxy, but the remote hit was back at 1.18 × a raw GET in a full
 *       one-JVM run, whose blocks mixed reads with the miss path's scripts and so compared
 *       different commands.
 * </ul>
 *
 * <p>A zero {@code spinNanos} parks at once, as every wait did before.
 */
final class ReplyWait {

    private static final int WHOLE = 256;

    private final long spinNanos;
    private final int spinners;
    private final AtomicInteger waiting = new AtomicInteger();
    /**
     * The share of recent waits that ended within the spin, in 256ths: a moving average
     * weighted 1/8 to the newest. Read and written without synchronisation: it is a hint, and a
     * lost update only changes whether the next caller spins.
     */
    private int withinSpin = WHOLE;

    /**
     * @param spinNanos the longest one caller spins, {@code 0} for never
     * @param cores the processors this JVM may use: spinning is allowed while half as many
     *     callers wait, or fewer
     */
    ReplyWait(long spinNanos, int cores) {
        this.spinNanos = spinNanos;
        this.spinners = cores / 2;
    }

    /**
     * The reply's value, as {@link CompletableFuture#get(long, TimeUnit)} gives it, waiting at
     * most {@code timeoutMillis} in all.
     */
    <T> T get(CompletableFuture<T> reply, long timeoutMillis) throws InterruptedException, ExecutionException, TimeoutException {
        if (spinNanos == 0 || spinners == 0 || reply.isDone()) {
            return reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        int ahead = waiting.getAndIncrement();
        long start = System.nanoTime();
        try {
            long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            if (ahead < spinners && withinSpin >= WHOLE / 4) {
                long spin = Math.min(spinNanos, timeoutNanos);
                while (!reply.isDone() && System.nanoTime() - start < spin) {
                    Thread.onSpinWait();
                }
            }
            return reply.get(Math.max(0, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
            int within = System.nanoTime() - start <= spinNanos ? WHOLE : 0;
            withinSpin += (within - withinSpin) >> 3;
        }
    }
}
