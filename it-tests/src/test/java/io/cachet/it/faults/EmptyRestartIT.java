package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.apps.faults.Records;
import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 2: counters reset by an empty restart. A load records the tag counter it read
 * (4); Redis is killed and comes back empty; four acknowledged updates bring the counter back
 * to 4; the load, finishing now, stores the value it read before them under versions that
 * match again. Counters that can be lost must never let an old recording match again. The
 * unit version is {@code CoreFaultsTest} in the agent's tests.
 */
class EmptyRestartIT {

    private static final int K = 3;
    private static final String TAG_COUNTER = "restart:cachet-v:tag:rec:" + K;

    @Test
    void aLoadFromBeforeAnEmptyRestartIsNeverServedAfterIt() {
        try (RedisNode redis = RedisNode.start("empty-restart");
             AgentJvm jvm = AgentJvm.builder().redis(redis.address(), "restart").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            for (int i = 0; i < 4; i++) {
                app.update(K);
            }
            String before = awaitCounter(redis);

            app.closeGate(K);
            app.async("load", "rec.read " + K);
            app.awaitLoadAtGate(); // read v4 under tag counter 4

            redis.kill();
            redis.restart();
            for (int i = 0; i < 4; i++) {
                app.update(K);
            }
            String after = awaitCounter(redis);
            awaitCachingResumed(app); // no eviction is owed: every one of the four landed (retried if it had to be)

            app.openGate();
            assertThat(app.result("load")).isEqualTo(Records.value(K, 4));
            awaitEntry(redis, "restart:cachet:Records.read:" + K);

            List<String> reads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                reads.add(app.read(K));
            }
            assertThat(reads).as("5 reads after the restart and four more updates: the record is at v8; v4 was loaded"
                    + " before the restart, recorded under tag counter %s; the updates after it brought it to %s", before, after)
                    .containsOnly(Records.value(K, 8));
        }
    }

    /**
     * The tag's counter once it holds a number: 4 on the code this test was written against, at
     * both points; a random base plus 4 since counters start at one.
     */
    private static String awaitCounter(RedisNode redis) {
        return Awaitility.await(TAG_COUNTER + " holds a counter").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> text(redis.command("GET", TAG_COUNTER)), v -> v != null && v.matches("\\d+"));
    }

    /** A hit on another key: Redis answers, the circuit is closed and no eviction is owed. */
    private static void awaitCachingResumed(FaultCalls app) {
        int probe = 900;
        Awaitility.await("caching resumes after the restart").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    long before = app.loads(probe);
                    app.read(probe);
                    app.read(probe);
                    return app.loads(probe) - before <= 1;
                });
    }

    private static void awaitEntry(RedisNode redis, String key) {
        Awaitility.await(key + " stored").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> (Long) redis.command("EXISTS", key) == 1);
    }

    private static String text(Object bulk) {
        return bulk == null ? null : new String((byte[]) bulk, java.nio.charset.StandardCharsets.UTF_8);
    }
}
