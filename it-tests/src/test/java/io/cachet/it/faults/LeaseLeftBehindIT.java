package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.apps.faults.Records;
import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.FaultProxy;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.RedisResp;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: a lease left behind. The circuit opens while a leader holds its key's lease
 * (Redis blackholed mid-load); the load ends, and today both the store and the lease's release
 * are skipped, so the lease stays until it expires, and the first miss of that key once Redis
 * is back waits the whole {@code cachet.lease.wait} (5 s) on a healthy Redis. The release must
 * be attempted later whatever the circuit said; no caller may wait on a lease whose holder has
 * given up. The unit version is {@code LeaseReleasesTest} in the agent's tests.
 */
class LeaseLeftBehindIT {

    private static final int K = 11;
    private static final String LEASE = "lease:cachet-lease:Records.read:" + K;

    @Test
    void theFirstMissAfterRecoveryDoesNotWaitForALeaseItsHolderGaveUp() {
        try (RedisNode redis = RedisNode.start("lease-left");
             RedisResp raw = redis.client();
             FaultProxy proxy = new FaultProxy("127.0.0.1", redis.port);
             AgentJvm jvm = AgentJvm.builder().redis(proxy.address(), "lease").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            app.closeGate(K);
            app.async("leader", "rec.read " + K);
            app.awaitLoadAtGate();
            assertThat(raw.exists(LEASE)).as("the leader holds the key's lease").isTrue();

            proxy.blackhole();
            for (int k = 100; k < 106; k++) {
                app.read(k); // each times out: five open the circuit
            }
            jvm.awaitLog("calls run uncached until it answers again");
            app.openGate();
            assertThat(app.result("leader")).isEqualTo(Records.value(K, 0));

            proxy.pass();
            awaitCircuitClosed(jvm, app);
            long pttl = raw.pttl(LEASE);
            long t0 = System.nanoTime();
            assertThat(app.read(K)).isEqualTo(Records.value(K, 0));
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(tookMs).as("the first read of %d once Redis answered again (the lease its leader gave up had"
                    + " PTTL %d ms left; cachet.lease.wait is 5 s)", K, pttl).isLessThan(1_000);
        }
    }

    /** Calls another key until the circuit's probe has succeeded. */
    private static void awaitCircuitClosed(AgentJvm jvm, FaultCalls app) {
        Awaitility.await("the circuit closes").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    app.read(200);
                    return jvm.logText().contains("Redis answers again; caching resumed");
                });
    }
}
