package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.RedisResp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 7: one version counter holding something that is not a number (written by
 * someone else, or corrupted) makes every retry of its eviction fail with {@code ERR value is not
 * an integer}; today those data errors open the circuit for every method, and nothing is cached
 * until the key is deleted by hand. A data error is not a connection fault, and an eviction
 * must be able to land over a foreign value. What opens the circuit has its unit version,
 * {@code RedisFaultsTest} in the agent's tests; the script that bumps counters is tested here.
 */
class ForeignCounterIT {

    private static final String COUNTER = "foreign:cachet-v:tag:rec:1";

    @Test
    void aForeignCounterNeitherStopsCachingNorBlocksItsEviction() {
        try (RedisNode redis = RedisNode.start("foreign-counter");
             RedisResp raw = redis.client();
             AgentJvm jvm = AgentJvm.builder().redis(redis.address(), "foreign").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            app.read(2);
            Awaitility.await("read(2) stored").atMost(Duration.ofSeconds(10)).until(() -> raw.exists("foreign:cachet:Records.read:2"));
            raw.command("SET", COUNTER, "not-a-number");

            app.update(1);
            AtomicLong calls = new AtomicLong();
            long before = app.loads(2);
            boolean hitAgain = true;
            try {
                // Within 5 s, read(2) must be a hit again: its entry is intact and Redis answers.
                Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    long l0 = app.loads(2);
                    app.read(2);
                    calls.incrementAndGet();
                    return app.loads(2) == l0;
                });
            } catch (ConditionTimeoutException e) {
                hitAgain = false;
            }
            assertThat(hitAgain).as("read(2) ran its body on %d of %d calls for 5 s after update(1) met a foreign value"
                    + " in %s (the agent's log: %s)", app.loads(2) - before, calls.get(), COUNTER, warnings(jvm)).isTrue();

            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> assertThat(text(raw.command("GET", COUNTER)))
                            .as("%s after the eviction of tag rec:1 (it must land over the foreign value)", COUNTER)
                            .matches("\\d+"));
        }
    }

    private static String warnings(AgentJvm jvm) {
        return String.join(" / ", jvm.log().stream().filter(l -> l.contains("WARN") && !l.contains("cannot cache")
                && !l.contains("cannot invalidate")).toList());
    }

    private static String text(Object bulk) {
        return bulk == null ? null : new String((byte[]) bulk, StandardCharsets.UTF_8);
    }
}
