package io.cachet.agent.store;

/**
 * Whether {@link ReplyWait} spins or parks at once: the way that was quicker when the other one
 * was last tried on a block of calls. Calls that may spin are counted in cycles of
 * {@value #BLOCKS_PER_CYCLE} blocks: all but the last go the current way, the last the other
 * way; the last block of each way is timed, less its first quarter, and the other way is taken
 * when its mean wait is below nine tenths of the current way's.
 *
 * <p>Why blocks: spinning pays only when the reply does not need the core the spinner holds,
 * which nothing in the JVM tells (a proxy or sidecar on a small host is where it does not pay:
 * through a TCP proxy on the same 2-core machine a remote hit took 109-151 µs spinning against
 * 50-63 µs parked). The first spins after a stretch of parking meet cores that went idle and
 * are the slowest, so a choice made call by call, from moving averages of spun and parked
 * waits, kept parking on loopback, where spinning nearly halves the wait; a block's first
 * quarter is its warm-up and is not timed. Through that proxy the trials brought the hit to
 * 77-80 µs against 48 µs parked (2026-12-03, 6 rounds each): better than always spinning, short
 * of parking, since spinning still wins some cycles there; on loopback they kept the gain
 * (0.66 × a raw Redisson GET against 0.57 × always spinning and ~1.1 × parking).
 *
 * <p>Not synchronised: every field is a hint. Concurrent callers may lose an update of the
 * position or a sum, which can skew one cycle's comparison and never more.
 */
final class WaitTrials {

    static final int BLOCKS_PER_CYCLE = 16;

    private final int block;
    private final int cycle;
    private boolean spinning = true;
    private int position;
    private long currentNanos;
    private int currentCalls;
    private long otherNanos;
    private int otherCalls;

    /** @param block calls per block; a cycle is {@value #BLOCKS_PER_CYCLE} of them */
    WaitTrials(int block) {
        this.block = block;
        this.cycle = block * BLOCKS_PER_CYCLE;
    }

    /** The next call's place in the cycle, for {@link #spins} and {@link #waited}. */
    int next() {
        int p = position;
        position = p + 1 >= cycle ? 0 : p + 1;
        return Math.min(p, cycle - 1);
    }

    /** Whether the call at {@code place} spins before it parks. */
    boolean spins(int place) {
        return trying(place) != spinning;
    }

    /** The call at {@code place} waited {@code nanos} for its reply. */
    void waited(int place, long nanos) {
        boolean timed = place % block >= block / 4;
        if (timed && trying(place)) {
            otherNanos += nanos;
            otherCalls++;
        } else if (timed && place / block == BLOCKS_PER_CYCLE - 2) {
            currentNanos += nanos;
            currentCalls++;
        }
        if (place == cycle - 1) {
            decide();
        }
    }

    private boolean trying(int place) {
        return place / block == BLOCKS_PER_CYCLE - 1;
    }

    private void decide() {
        if (currentCalls > 0 && otherCalls > 0 && otherNanos * 10 / otherCalls < currentNanos * 9 / currentCalls) {
            spinning = !spinning;
        }
        currentNanos = 0;
        currentCalls = 0;
        otherNanos = 0;
        otherCalls = 0;
    }
}
