package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 11: a configuration that asks for Redis in a way that cannot be honoured (a
 * Redisson YAML with a syntax error, a YAML file that is not there, a misspelled
 * {@code cachet.redis.adress} as the only Redis key) must run uncached, never in local mode
 * (an in-process cache other JVMs' evictions never reach), with one line naming the problem;
 * and {@code cachet.fail-fast=true} must refuse to start. What these tests read:
 *
 * <ul>
 *   <li>uncached: {@code square 3} called twice runs twice (local mode runs it once);
 *   <li>never local: no line of the agent says {@code mode=local};
 *   <li>one line: a single {@code [cachet]} line names the problem (the key or the file) and says
 *       {@code uncached}, and every line on standard error is a {@code [cachet]} line (no
 *       continuation lines of a parser's message);
 *   <li>refused: the JVM ends before the application answers, with a {@code [cachet]} line
 *       naming {@code cachet.fail-fast=true} and the problem.
 * </ul>
 *
 * A missing file and a misspelled key hold on the re-layered core (it says "caches nothing: Redis
 * is asked for but cannot be used (...); every call runs uncached ..."), and their refusals
 * held before; a YAML with a syntax error is now one line when connecting (its parser's message
 * spanned 9 lines), and fail-fast parses the file before the application starts.
 */
class RedisIntentIT {

    @TempDir
    Path dir;

    private Path badYaml() throws IOException {
        Path f = dir.resolve("redisson.yaml");
        Files.writeString(f, "singleServerConfig:\n  address: \"redis://127.0.0.1:6379\"\n  connectionPoolSize: [1, 2\n");
        return f;
    }

    @Test
    void aYamlWithASyntaxErrorRunsUncachedSayingSoInOneLine() throws IOException {
        Path yaml = badYaml();
        try (AgentJvm jvm = AgentJvm.builder().sysProp("cachet.redis.config", yaml.toString()).start()) {
            assertRunsUncachedSaying(jvm, yaml.toString());
        }
    }

    @Test
    void failFastRefusesAYamlWithASyntaxError() throws IOException {
        Path yaml = badYaml();
        assertRefused(AgentJvm.builder().sysProp("cachet.redis.config", yaml.toString()).sysProp("cachet.fail-fast", "true")
                .start(), yaml.toString());
    }

    @Test
    void aMissingYamlFileRunsUncachedNotLocal() {
        String missing = dir.resolve("absent.yaml").toString();
        try (AgentJvm jvm = AgentJvm.builder().sysProp("cachet.redis.config", missing).start()) {
            assertRunsUncachedSaying(jvm, "cachet.redis.config=" + missing);
        }
    }

    @Test
    void failFastRefusesAMissingYamlFile() {
        String missing = dir.resolve("absent.yaml").toString();
        assertRefused(AgentJvm.builder().sysProp("cachet.redis.config", missing).sysProp("cachet.fail-fast", "true").start(),
                "cachet.redis.config=" + missing);
    }

    @Test
    void aMisspelledAddressAsTheOnlyRedisKeyRunsUncachedNotLocal() {
        try (AgentJvm jvm = AgentJvm.builder().sysProp("cachet.redis.adress", "redis://127.0.0.1:6379").start()) {
            assertRunsUncachedSaying(jvm, "cachet.redis.adress");
        }
    }

    @Test
    void failFastRefusesAMisspelledAddress() {
        assertRefused(AgentJvm.builder().sysProp("cachet.redis.adress", "redis://127.0.0.1:6379").sysProp("cachet.fail-fast", "true")
                .start(), "cachet.redis.adress");
    }

    private static void assertRunsUncachedSaying(AgentJvm jvm, String problem) {
        assertThat(jvm.call("square 3")).isEqualTo("9 <Integer>");
        assertThat(jvm.call("square 3")).isEqualTo("9 <Integer>");
        jvm.awaitLog("started");
        assertThat(jvm.count("square")).as("runs of square(3) in two calls: 2 is uncached, 1 is a cache (local mode); the"
                + " agent said: %s", agentLines(jvm)).isEqualTo(2);
        assertThat(agentLines(jvm)).as("the agent's lines").noneMatch(l -> l.contains("mode=local"));
        assertThat(agentLines(jvm)).as("lines naming %s and saying the calls run uncached", problem)
                .filteredOn(l -> l.contains(problem) && l.contains("uncached")).hasSize(1);
        assertThat(jvm.log()).as("lines on standard error that are not the agent's one-line messages")
                .allMatch(l -> l.startsWith("[cachet] "));
    }

    private static void assertRefused(AgentJvm jvm, String problem) {
        try (jvm) {
            String reply;
            try {
                reply = jvm.call("square 3"); // a refusing JVM's own last words may come on standard output
            } catch (IllegalStateException ended) {
                reply = "no reply: the JVM ended";
            }
            assertThat(reply).as("the application answered although cachet.fail-fast=true and %s; the agent said: %s",
                    problem, agentLines(jvm)).isNotEqualTo("9 <Integer>");
            assertThat(jvm.waitForExit()).isNotZero();
            assertThat(agentLines(jvm)).as("lines naming cachet.fail-fast=true and %s", problem)
                    .anyMatch(l -> l.contains("cachet.fail-fast=true") && l.contains(problem));
        }
    }

    private static List<String> agentLines(AgentJvm jvm) {
        return jvm.log().stream().filter(l -> l.startsWith("[cachet] ") && !l.contains("caching io.") && !l.contains("invalidating from")
                && !l.contains("cannot cache") && !l.contains("cannot invalidate")).collect(Collectors.toList());
    }
}
