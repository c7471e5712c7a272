package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.FaultProxy;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.WorkloadTally;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The long fault soak: {@code -Dcachet.soak.threads} threads (16) over 256 records (2% updates)
 * go through every fault of the matrix and every reply-damaging one, 3 s each, cycle after
 * cycle, for {@code -Dcachet.soak.minutes} (10 by default). Every call is checked, as in
 * {@link FaultMatrixIT}; the figures (calls, recovery times per fault) are printed for the
 * README. Not part of the build: {@code mvn -B verify -pl agent,it-tests -am -Pfault-soak}.
 *
 * <p>16 threads, not the issue's 32, on a 2-core machine: at 32 the evictions themselves miss
 * the 100 ms timeout under load, and the JVM spends the soak bypassing its caches for owed
 * evictions, which measures the machine rather than the faults.
 */
@Tag("fault-soak")
class FaultSoakIT {

    @Test
    void everyCallIsRightUnderEveryFaultForTheWholeSoak() {
        Duration soak = Duration.ofMinutes(Long.getLong("cachet.soak.minutes", 10));
        try (RedisNode redis = RedisNode.start("soak");
             FaultProxy proxy = new FaultProxy("127.0.0.1", redis.port);
             AgentJvm jvm = AgentJvm.builder().jvmArg("-Xmx512m").redis(proxy.address(), "soak").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            FaultPhases run = new FaultPhases(app, proxy, redis, Duration.ofSeconds(3));
            app.startWorkload(Integer.getInteger("cachet.soak.threads", 16), 256, 0.02, 200);
            long end = System.nanoTime() + soak.toNanos();
            for (int cycle = 1; System.nanoTime() - end < 0; cycle++) {
                run.cycle("#" + cycle);
                run.misaligning("#" + cycle);
            }
            run.stop();
            report(run);
            // What the agent said, each kind of line once: why caching paused, and when it resumed.
            jvm.log().stream().filter(l -> l.contains("WARN") || l.contains("resumed")).map(l -> l.replaceAll("\\d+", "N")).distinct()
                    .filter(l -> !l.contains("cannot cache") && !l.contains("cannot invalidate")).forEach(l -> System.out.println("[soak] agent: " + l));
            SoftAssertions soft = new SoftAssertions();
            for (WorkloadTally p : run.phases()) {
                soft.assertThat(p.exceptions()).as("exceptions in %s", p).isZero();
                soft.assertThat(p.wrong()).as("wrong values in %s", p).isZero();
                soft.assertThat(p.stale()).as("stale reads in %s", p).isZero();
            }
            soft.assertThat(run.recoveryMillis()).as("phases after which caching resumed, in ms").doesNotContainValue(FaultPhases.NEVER);
            soft.assertAll();
        }
    }

    /** Totals, and each fault's recovery times over the cycles (min / median / max, ms). */
    private static void report(FaultPhases run) {
        List<WorkloadTally> phases = run.phases();
        long reads = phases.stream().mapToLong(WorkloadTally::reads).sum();
        long updates = phases.stream().mapToLong(WorkloadTally::updates).sum();
        System.out.printf("[soak] %d reads, %d updates; exceptions %d, wrong %d, stale %d, calls over 1 s %d, slowest %d ms%n",
                reads, updates, sum(phases, WorkloadTally::exceptions), sum(phases, WorkloadTally::wrong),
                sum(phases, WorkloadTally::stale), sum(phases, WorkloadTally::slow),
                phases.stream().mapToLong(WorkloadTally::maxMs).max().orElse(0));
        Map<String, List<Long>> byFault = new TreeMap<>();
        run.recoveryMillis().forEach((phase, ms) -> byFault.computeIfAbsent(phase.replaceAll("#\\d+$", ""), k -> new java.util.ArrayList<>()).add(ms));
        byFault.forEach((fault, times) -> {
            List<Long> sorted = times.stream().sorted().collect(Collectors.toList());
            System.out.printf("[soak] %-22s caching resumed after %d / %d / %d ms (%d cycles; -1: not within 10 s)%n", fault,
                    sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size());
        });
        phases.stream().filter(p -> p.exceptions() + p.wrong() + p.stale() > 0).forEach(p -> System.out.println("[soak] " + p));
    }

    private static long sum(List<WorkloadTally> phases, java.util.function.ToLongFunction<WorkloadTally> f) {
        return phases.stream().mapToLong(f).sum();
    }
}
