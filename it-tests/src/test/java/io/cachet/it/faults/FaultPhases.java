package io.cachet.it.faults;

import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.FaultProxy;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.WorkloadTally;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Drives the checked workload through the fault matrix: each fault (from the {@link FaultProxy}
 * or done to the redis-server process) is held for one {@code faultTime}, then traffic passes
 * again and the next phase ({@code after-<fault>}) lasts until caching has resumed: a window of
 * the workload with at least half of its reads served from the cache.
 *
 * <p>Holding a fault for a fixed time is the fault itself, not a wait standing in for a
 * condition: the workload's counts over that window are what the tests bound.
 */
final class FaultPhases {

    static final long NEVER = -1;
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);

    private final FaultCalls calls;
    private final FaultProxy proxy;
    private final RedisNode redis;
    private final Duration faultTime;
    private final Map<String, Long> recoveryMillis = new LinkedHashMap<>();
    private List<WorkloadTally> phases;

    FaultPhases(FaultCalls calls, FaultProxy proxy, RedisNode redis, Duration faultTime) {
        this.calls = calls;
        this.proxy = proxy;
        this.redis = redis;
        this.faultTime = faultTime;
    }

    /** The workload (8 threads, 64 records, 5% updates, 200 µs loads) through every fault once. */
    void all() {
        calls.startWorkload(8, 64, 0.05, 200);
        cycle("");
        stop();
    }

    /**
     * Every fault once, phases named with {@code suffix}; the workload must be running. Faults
     * that misalign the agent's connections (dropped or swapped replies, dropped or flipped bits)
     * are {@link MisalignedRepliesIT}'s: on today's code they stop caching for minutes, which
     * would hide what every later fault does.
     */
    void cycle(String suffix) {
        settle("warm" + suffix);
        fault("latency-30ms" + suffix, () -> proxy.latency(Duration.ofMillis(30)), proxy::pass);
        fault("latency-300ms" + suffix, () -> proxy.latency(Duration.ofMillis(300)), proxy::pass);
        fault("blackhole" + suffix, proxy::blackhole, proxy::pass);
        fault("reset" + suffix, proxy::reset, proxy::pass);
        fault("truncate" + suffix, proxy::truncate, proxy::pass);
        fault("sigstop" + suffix, redis::pause, redis::resume);
        fault("restart-empty" + suffix, redis::kill, redis::restart);
    }

    /**
     * The faults that misalign the agent's connections or damage its replies
     * ({@link MisalignedRepliesIT}'s), once each: for the soak, which runs them with the rest.
     */
    void misaligning(String suffix) {
        fault("swap-reply" + suffix, proxy::swapReplies, proxy::pass);
        fault("drop-reply" + suffix, proxy::dropReplies, proxy::pass);
        fault("drop-bytes" + suffix, proxy::dropBytes, proxy::pass);
        fault("corrupt" + suffix, proxy::corrupt, proxy::pass);
    }

    /** Ends the workload and keeps its phases. */
    void stop() {
        phases = calls.stopWorkload();
    }

    List<WorkloadTally> phases() {
        return phases;
    }

    /** How long after each fault ended caching resumed, or {@link #NEVER} within 10 s. */
    Map<String, Long> recoveryMillis() {
        return recoveryMillis;
    }

    /** Holds one fault for the fault time, then settles in {@code after-<name>}. */
    void fault(String name, Runnable start, Runnable end) {
        calls.phase(name);
        start.run();
        long damaged = proxy.damagedReplies();
        hold(faultTime);
        end.run();
        System.out.println("[it] " + name + ": " + (proxy.damagedReplies() - damaged) + " reply chunks damaged");
        settle("after-" + name);
    }

    /** A pass-through phase, until a window shows caching again. */
    void settle(String name) {
        calls.phase(name);
        calls.window();
        long t0 = System.nanoTime();
        try {
            Awaitility.await(name + ": caching resumes").atMost(RECOVERY_BOUND).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        WorkloadTally w = calls.window();
                        return w.reads() >= 20 && w.hitRatio() >= 0.5;
                    });
            recoveryMillis.put(name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (ConditionTimeoutException e) {
            recoveryMillis.put(name, NEVER);
        }
    }

    private static void hold(Duration d) {
        try {
            Thread.sleep(d.toMillis()); // the fault's duration: the window the workload is measured over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
