package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.apps.faults.Records;
import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 1: with Redis out of reach, a caller that arrives after an {@code @Evicts} of
 * its key returned must not be handed the result of a load that read the record before that
 * eviction ("single-flight never hands out a value an eviction made stale"). The load is held at
 * the application's gate after reading v0, so the interleaving is exact, not a race. (A unit
 * version belongs with the new core's tests, against a scriptable store.)
 */
class OfflineSingleFlightIT {

    private static final int K = 7;

    @Test
    void aCallerArrivingAfterAnEvictionDoesNotJoinTheLoadItMadeStale() {
        try (RedisNode redis = RedisNode.start("offline-flight");
             AgentJvm jvm = AgentJvm.builder().redis(redis.address(), "offline").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            redis.kill();
            // Five failed calls open the circuit: from then on no call tries Redis.
            for (int k = 100; k < 106; k++) {
                app.read(k);
            }
            jvm.awaitLog("calls run uncached until it answers again");

            app.closeGate(K);
            app.async("leader", "rec.read " + K);
            app.awaitLoadAtGate();                   // the leader's load has read v0
            assertThat(app.update(K)).isEqualTo(1);  // its @Evicts has returned (the eviction is owed to Redis)
            app.async("late", "rec.read " + K);
            assertThat(app.awaitParked("late")).as("the late caller waits for the leader's load").isIn("WAITING", "TIMED_WAITING");
            app.openGate();

            assertThat(app.result("leader")).isEqualTo(Records.value(K, 0));
            assertThat(app.result("late"))
                    .as("a caller that started after update(%d) returned got the value that update evicted", K)
                    .isEqualTo(Records.value(K, 1));
        }
    }
}
