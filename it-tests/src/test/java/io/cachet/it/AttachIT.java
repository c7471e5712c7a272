package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * agentmain: loaded into a running JVM whose cached class is already loaded and in use, the
 * agent retransforms it (possible because the advice changes no class format) and caching
 * starts without a restart; detached, the original classes come back.
 */
class AttachIT extends RedisBackedTest {

    /** Runs {@code java -jar cachet-agent.jar <args>} and returns its output. */
    private static String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("cachet.it.java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("cachet.it.agent")).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ": " + out;
    }

    @Test
    void theCliAttachesOnceDetachesAndAttachesAgain() throws Exception {
        try (AgentJvm app = AgentJvm.builder().withoutAgent()
                .jvmArg("-XX:+IgnoreUnrecognizedVMOptions").jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            String pid = String.valueOf(app.pid());
            app.call("describe 5");
            app.call("describe 5");
            assertThat(app.count("describe")).isEqualTo(2);

            String args = "redis.address=" + redis.address() + ",key.prefix=cli";
            assertThat(cli("attach", pid, args)).startsWith("0: Cachet").contains("started: mode=redis")
                    .containsPattern("[1-9][0-9]* loaded classes retransformed");
            assertThat(cli("attach", pid, args)).isEqualTo("0: Cachet is already active in this JVM; nothing changed (detach first to reconfigure)");
            app.awaitConnected();
            app.call("describe 5");
            awaitKey("cli:cachet:Catalog.describe:5");
            app.call("describe 5");
            assertThat(app.count("describe")).as("cached while attached").isEqualTo(3);

            assertThat(cli("detach", pid)).isEqualTo("0: Cachet detached: original classes restored");
            app.call("describe 5");
            app.call("describe 5");
            assertThat(app.count("describe")).as("original behaviour after detach").isEqualTo(5);

            assertThat(cli("attach", pid, args)).contains("started: mode=redis");
            app.awaitLog("connected to Redis at");
            Awaitility.await("cached again").atMost(Duration.ofSeconds(20)).until(() -> {
                int before = app.count("describe");
                app.call("describe 5");
                return app.count("describe") == before;
            });
        }
    }

    @Test
    void theCliExplainsBadArgumentsAndUnreachableJvms() throws Exception {
        assertThat(cli()).startsWith("2: usage: java -jar cachet-agent.jar <command>").contains("attach <pid>", "detach <pid>");
        assertThat(cli("attach", "999999999")).startsWith("1: cachet: cannot attach to JVM 999999999:");
    }

    @Test
    void attachingToARunningJvmCachesAnAlreadyLoadedClass() throws Exception {
        try (AgentJvm app = AgentJvm.builder().withoutAgent()
                .jvmArg("-XX:+IgnoreUnrecognizedVMOptions").jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            assertThat(app.call("describe 1")).isEqualTo("item-1#1 <String>");
            assertThat(app.call("describe 1")).as("no agent yet: the method runs").isEqualTo("item-1#2 <String>");

            VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
            try {
                vm.loadAgent(Path.of(System.getProperty("cachet.it.agent")).toAbsolutePath().toString(),
                        "redis.address=" + redis.address() + ",key.prefix=attach");
            } finally {
                vm.detach();
            }
            app.awaitLog("loaded classes retransformed");
            app.awaitConnected();

            assertThat(app.call("describe 1")).isEqualTo("item-1#3 <String>");
            awaitKey("attach:cachet:Catalog.describe:1");
            assertThat(app.call("describe 1")).as("cached after attach").isEqualTo("item-1#3 <String>");
            assertThat(app.count("describe")).isEqualTo(3);
        }
    }

    /**
     * Issue 14: the first calls made right after {@code loadAgent} returns are cached, as they are
     * after {@code -javaagent}: the retransformation is done when agentmain returns, and a call
     * made while the first connection is being established waits for it (startup-wait).
     */
    @Test
    void theFirstCallAfterAttachIsCached() throws Exception {
        try (AgentJvm app = AgentJvm.builder().withoutAgent()
                .jvmArg("-XX:+IgnoreUnrecognizedVMOptions").jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            assertThat(app.call("describe 2")).isEqualTo("item-2#1 <String>");

            VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
            try {
                vm.loadAgent(Path.of(System.getProperty("cachet.it.agent")).toAbsolutePath().toString(),
                        "redis.address=" + redis.address() + ",key.prefix=attach-first,redis.startup-wait=10s,redis.timeout=1s");
            } finally {
                vm.detach();
            }
            assertThat(app.call("describe 2")).as("the first call after attach loads").isEqualTo("item-2#2 <String>");
            assertThat(app.call("describe 2")).as("the second call after attach is a hit").isEqualTo("item-2#2 <String>");
            assertThat(app.count("describe")).isEqualTo(2);
        }
    }
}
