package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 3: arguments that {@code equals} tells apart must not share an entry, whatever
 * the declared parameter type. {@code Payloads.kind(Object)} answers the type and value it was
 * given, so a call served another argument's entry shows it.
 */
class ArgumentKeysIT {

    @Test
    void fortyTwoAsIntStringLongAndShortAreFourEntries() {
        try (RedisNode redis = RedisNode.start("argument-keys");
             AgentJvm jvm = AgentJvm.builder().redis(redis.address(), "args").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("int 42", "Integer 42");
            expected.put("string 42", "String 42");
            expected.put("long 42", "Long 42");
            expected.put("short 42", "Short 42");
            Map<String, String> got = new LinkedHashMap<>();
            // Twice round: the second round is served from the entries the first one stored.
            for (int round = 0; round < 2; round++) {
                for (String arg : expected.keySet()) {
                    String result = app.call("kind " + arg);
                    got.merge(arg, result, (a, b) -> a.equals(b) ? a : a + " then " + b);
                }
            }
            assertThat(got).as("what kind(Object) returned for each argument, over two rounds (a shared key part"
                    + " '42' serves one argument's result to the others)").isEqualTo(expected);
        }
    }
}
