package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import org.junit.jupiter.api.Test;

/**
 * A method returning a {@code CompletableFuture}: once the future handed to the caller has
 * completed, the value is where the next call finds it, in this JVM and in any other. Call,
 * await, call again: a hit, 1,000 times in a row.
 */
class FutureIT extends RedisBackedTest {

    private static final String APP = "io.cachet.it.apps.futures.FutureApp";

    private static AgentJvm start(String prefix) {
        // A 1 s deadline: on a busy machine a read past the default 100 ms fails open and would
        // count as a miss for a reason this test is not about.
        return AgentJvm.builder().redis(redis, prefix).sysProp("cachet.redis.timeout", "1s").mainClass(APP).start().awaitConnected();
    }

    @Test
    void aCallMadeAfterTheFirstFutureCompletedIsAHitAThousandTimesInARow() {
        try (AgentJvm app = start("future-one")) {
            assertThat(app.call("roundtrips 1000")).as("runs of the method for 1,000 keys, each called twice").isEqualTo("1000");
        }
    }

    @Test
    void theSecondCallInAnotherJvmIsAHitAThousandTimesInARow() {
        try (AgentJvm first = start("future-two"); AgentJvm second = start("future-two")) {
            for (int i = 0; i < 1000; i++) {
                assertThat(first.call("get k" + i)).isEqualTo("value of k" + i);
                assertThat(second.call("get k" + i)).isEqualTo("value of k" + i);
            }
            assertThat(first.call("runs")).isEqualTo("1000");
            assertThat(second.call("runs")).as("every call in the second JVM was a hit").isEqualTo("0");
        }
    }
}
