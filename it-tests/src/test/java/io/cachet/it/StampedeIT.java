package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import io.cachet.it.support.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 5: concurrent misses of one key run the method once per cluster, waiters never
 * deadlock, and a dead lease holder delays others by at most its lease.
 */
class StampedeIT extends RedisBackedTest {

    private static final Pattern STORM = Pattern.compile(
            "runs=(\\d+) results=\\[(.*)] errors=\\[(.*)] distinctExceptions=(\\d+) slowestMs=(\\d+)");

    private record Storm(int runs, String results, String errors, int distinctExceptions, long slowestMs) {
        static Storm of(String reply) {
            Matcher m = STORM.matcher(reply);
            assertThat(m.matches()).as(reply).isTrue();
            return new Storm(Integer.parseInt(m.group(1)), m.group(2), m.group(3), Integer.parseInt(m.group(4)),
                    Long.parseLong(m.group(5)));
        }
    }

    private static AgentJvm jvm(String prefix, String... sysProps) {
        AgentJvm.Builder b = AgentJvm.builder().redis(redis, prefix).mainClass("io.cachet.it.apps.stampede.StampedeApp");
        for (int i = 0; i < sysProps.length; i += 2) {
            b.sysProp(sysProps[i], sysProps[i + 1]);
        }
        return b.start().awaitConnected();
    }

    private static List<Storm> stormAll(List<AgentJvm> jvms, String command) throws Exception {
        List<CompletableFuture<String>> replies = new ArrayList<>();
        for (AgentJvm jvm : jvms) {
            replies.add(CompletableFuture.supplyAsync(() -> jvm.call(command)));
        }
        List<Storm> storms = new ArrayList<>();
        for (CompletableFuture<String> r : replies) {
            storms.add(Storm.of(r.get()));
        }
        return storms;
    }

    @Test
    void threeJvmsOfFiftyThreadsOnAColdKeyRunTheMethodOnce() throws Exception {
        try (AgentJvm a = jvm("storm"); AgentJvm b = jvm("storm"); AgentJvm c = jvm("storm")) {
            long t0 = System.nanoTime();
            List<Storm> storms = stormAll(List.of(a, b, c), "storm slow cold 50");
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(storms.stream().mapToInt(Storm::runs).sum()).as("one load for 150 callers in 3 JVMs").isEqualTo(1);
            assertThat(storms).allSatisfy(s -> {
                assertThat(s.results()).isEqualTo("value-of-cold");
                assertThat(s.errors()).isEmpty();
            });
            System.out.println("[it] stampede: 3 JVMs x 50 threads, one 300 ms load; slowest caller "
                    + storms.stream().mapToLong(Storm::slowestMs).max().orElseThrow() + " ms, whole storm " + wallMs + " ms");
        }
    }

    @Test
    void singleFlightCanBeSwitchedOffPerMethod() throws Exception {
        try (AgentJvm a = jvm("nosf", "cachet.cache.nosf.method", "io.cachet.it.apps.stampede.Loader#slow",
                "cachet.cache.nosf.single-flight", "false")) {
            Storm s = Storm.of(a.call("storm slow cold 10"));
            assertThat(s.results()).isEqualTo("value-of-cold");
            assertThat(s.runs()).as("every concurrent miss ran the method").isEqualTo(10);
        }
    }

    @Test
    void aFailingLoadThrowsItsExceptionToEveryWaiterAndIsNotCached() throws Exception {
        try (AgentJvm a = jvm("fail"); AgentJvm b = jvm("fail")) {
            List<Storm> storms = stormAll(List.of(a, b), "storm failing k 30");
            assertThat(storms).allSatisfy(s -> {
                assertThat(s.results()).isEmpty();
                assertThat(s.errors()).isEqualTo("java.io.IOException: database down for k");
                assertThat(s.runs()).as("one load per JVM: the lease is released on failure").isEqualTo(1);
                assertThat(s.distinctExceptions()).as("waiters get the leader's very exception").isEqualTo(1);
            });
            Storm next = Storm.of(a.call("storm failing k 1"));
            assertThat(next.runs()).as("the next call loads again").isEqualTo(1);
        }
    }

    @Test
    void aKilledLeaseHolderDelaysOthersByAtMostItsLease() throws Exception {
        String[] settings = {"cachet.lease.duration", "2s", "cachet.lease.wait", "5s"};
        AgentJvm holder = jvm("kill", "cachet.lease.duration", "2s", "cachet.lease.wait", "5s", "load.millis", "60000");
        try (AgentJvm other = jvm("kill", settings)) {
            CompletableFuture.runAsync(() -> holder.call("storm slow k 1"));
            Awaitility.await("the holder takes the lease").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> resp.exists("kill:cachet-lease:Loader.slow:k"));
            holder.killHard();

            Storm s = Storm.of(other.call("storm slow k 20"));
            assertThat(s.results()).isEqualTo("value-of-k");
            assertThat(s.runs()).isEqualTo(1);
            assertThat(s.slowestMs()).as("lease (2 s) + load (0.3 s), well inside lease + wait").isLessThan(7_000);
        } finally {
            holder.close();
        }
    }

    @Test
    void withRedisGoneOnlyTheInJvmSingleFlightApplies() throws Exception {
        try (TestRedis own = TestRedis.start()) {
            assumeTrue(own.canRestart(), "needs a Redis this test can kill: " + own.kind());
            try (AgentJvm app = AgentJvm.builder().redis(own, "gone").mainClass("io.cachet.it.apps.stampede.StampedeApp")
                    .start().awaitConnected()) {
                own.kill();
                Storm s = Storm.of(app.call("storm slow x 40"));
                assertThat(s.results()).isEqualTo("value-of-x");
                assertThat(s.errors()).isEmpty();
                assertThat(s.runs()).as("fail-open, yet still one load in this JVM").isEqualTo(1);
                assertThat(s.slowestMs()).isLessThan(3_000);
            }
        }
    }

    @Test
    void virtualThreadsShareOneLoadOnJdk21AndLater() {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        String home = Runtime.version().feature() >= 21 ? System.getProperty("cachet.it.java.home")
                : Files.isDirectory(jdk25) ? jdk25.toString() : null;
        assumeTrue(home != null, "no JDK 21+ on this machine");
        try (AgentJvm app = AgentJvm.builder().redis(redis, "virtual").javaHome(home)
                .mainClass("io.cachet.it.apps.stampede.StampedeApp").start().awaitConnected()) {
            Storm s = Storm.of(app.call("storm slow v 500 virtual"));
            assertThat(s.runs()).isEqualTo(1);
            assertThat(s.results()).isEqualTo("value-of-v");
            assertThat(s.errors()).isEmpty();
        }
    }
}
