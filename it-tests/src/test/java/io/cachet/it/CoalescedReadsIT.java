package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.WorkloadTally;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Many callers reading their own keys at once share MGETs, since reads that arrive while as
 * many as there are cores are out go together (issue 17's 32-thread throughput). Sharing must
 * change nothing a caller sees: each gets its own key's value, never another's and never one an
 * acknowledged update made stale, nothing is thrown, and the records are loaded about once each
 * and once per update, not once per read (a read answered with another's slice of a shared
 * reply is dropped by the store's check and runs uncached: the loads count shows it).
 */
class CoalescedReadsIT {

    private static final int RECORDS = 64;

    @Test
    void manyCallersShareMgetsAndEachGetsItsOwnValue() {
        int threads = Math.max(32, 4 * Runtime.getRuntime().availableProcessors());
        try (RedisNode redis = RedisNode.start("coalesced");
             // A second for each call, not 100 ms: on two cores shared with the suite's other fork,
             // a cold JVM's first calls timed out, the circuit opened, and the 32 threads' uncached
             // loads then kept the CPU so busy that each probe timed out too, with the agent before
             // coalescing as with this one (10-20k loads for ~500, three runs in five with two busy
             // loops beside it). That is the breaker's business (FaultMatrixIT); this test is about
             // what sharing MGETs changes in what callers see, so it gives the calls time to answer.
             AgentJvm jvm = AgentJvm.builder().redis(redis.address(), "coalesced").sysProp("cachet.redis.timeout", "1s")
                     .start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            long mgetsBefore = redis.commandCalls("mget");
            app.startWorkload(threads, RECORDS, 0.02, 200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> reads(WorkloadTally.parseReport(app.call("workload.report"))) >= 20_000);
            List<WorkloadTally> phases = app.stopWorkload();
            long mgets = redis.commandCalls("mget") - mgetsBefore;

            long reads = reads(phases);
            long updates = phases.stream().mapToLong(WorkloadTally::updates).sum();
            long loads = phases.stream().mapToLong(WorkloadTally::loads).sum();
            System.out.println("[it] coalesced reads: " + threads + " threads, " + reads + " reads, " + updates + " updates, "
                    + loads + " loads, " + mgets + " MGETs");
            assertThat(phases).allSatisfy(p -> {
                assertThat(p.exceptions()).as("exceptions: %s", p.examples()).isZero();
                assertThat(p.wrong()).as("another key's value or garbage: %s", p.examples()).isZero();
                assertThat(p.stale()).as("stale after an acknowledged update: %s", p.examples()).isZero();
            });
            assertThat(loads).as("loads: one per record and about one per update, not one per read")
                    .isLessThanOrEqualTo(RECORDS + 3 * updates);
            assertThat(mgets).as("MGETs Redis saw, for %d reads served from it", reads - loads)
                    .isLessThanOrEqualTo((reads - loads) * 3 / 4);
        }
    }

    private static long reads(List<WorkloadTally> phases) {
        return phases.stream().mapToLong(WorkloadTally::reads).sum();
    }
}
