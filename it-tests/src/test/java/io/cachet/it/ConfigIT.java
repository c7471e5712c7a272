package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration sources and their precedence, validation messages, and the off switch. */
class ConfigIT extends RedisBackedTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("cachet.properties");
        Files.write(f, java.util.List.of(lines));
        return f;
    }

    /** The prefix the agent used, read back from the key it wrote. */
    private String prefixUsed(AgentJvm app, int arg) {
        app.call("describe " + arg);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !resp.keys("*:cachet:Catalog.describe:" + arg).isEmpty());
        String key = resp.keys("*:cachet:Catalog.describe:" + arg).get(0);
        return key.substring(0, key.indexOf(":cachet:"));
    }

    @Test
    void agentArgumentsBeatSystemPropertiesBeatEnvironmentBeatTheFile() throws IOException {
        Path f = file("cachet.redis.address=" + redis.address(), "cachet.key.prefix=fromfile   # a trailing comment");
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.config", f.toString()).start().awaitConnected()) {
            assertThat(prefixUsed(app, 1)).isEqualTo("fromfile");
        }
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.config", f.toString()).env("CACHET_KEY_PREFIX", "fromenv")
                .start().awaitConnected()) {
            assertThat(prefixUsed(app, 2)).isEqualTo("fromenv");
        }
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.config", f.toString()).env("CACHET_KEY_PREFIX", "fromenv")
                .sysProp("cachet.key.prefix", "fromsys").start().awaitConnected()) {
            assertThat(prefixUsed(app, 3)).isEqualTo("fromsys");
        }
        try (AgentJvm app = AgentJvm.builder().agentArgs("config=" + f + ",key.prefix=fromargs")
                .env("CACHET_KEY_PREFIX", "fromenv").sysProp("cachet.key.prefix", "fromsys").start().awaitConnected()) {
            assertThat(prefixUsed(app, 4)).isEqualTo("fromargs");
        }
        try (AgentJvm app = AgentJvm.builder().env("CACHET_CONFIG", f.toString()).start().awaitConnected()) {
            assertThat(prefixUsed(app, 5)).as("CACHET_CONFIG names the file").isEqualTo("fromfile");
        }
    }

    @Test
    void badKeysAndValuesGetOneClearLineAndTheApplicationStillRuns() throws IOException {
        Path f = file("cachet.redis.address=redis://user:s3cret@127.0.0.1:" + redis.port,
                "cachet.redis.adress=redis://127.0.0.1:1",
                "cachet.default.ttl=5 minutes",
                "cachet.redis.timeout=0ms",
                "cachet.near.max-entries=-3",
                "cachet.cache.legacy.methd=com.acme.Repo#find");
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.config", f.toString()).start()) {
            assertThat(app.call("square 3")).isEqualTo("9 <Integer>");
            String log = app.logText();
            assertThat(log)
                    .contains("config: unknown key cachet.redis.adress (did you mean cachet.redis.address?)")
                    .contains("config: cachet.default.ttl=5 minutes: not a duration")
                    .contains("config: cachet.redis.timeout=0ms: must be longer than zero")
                    .contains("config: cachet.near.max-entries=-3: not a positive whole number")
                    .contains("config: unknown key cachet.cache.legacy.methd (did you mean cachet.cache.legacy.method?)")
                    .doesNotContain("s3cret");
            assertThat(log.lines().filter(l -> l.contains("cachet.default.ttl=5 minutes"))).hasSize(1);
        }
    }

    @Test
    void failFastRefusesToStartWithTheSameMessages() throws IOException {
        Path f = file("cachet.fail-fast=true", "cachet.default.ttl=5x");
        AgentJvm app = AgentJvm.builder().sysProp("cachet.config", f.toString()).start();
        assertThat(app.waitForExit()).isNotZero();
        assertThat(app.logText()).contains("cachet.default.ttl=5x: not a duration");
    }

    @Test
    void disabledMeansNothingIsInstrumented() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "off").sysProp("cachet.enabled", "false").start()) {
            app.call("square 4");
            app.call("square 4");
            assertThat(app.count("square")).isEqualTo(2);
            assertThat(app.logText()).contains("disabled (cachet.enabled=false)").doesNotContain("caching io.cachet");
        }
    }

    @Test
    void withoutRedisConfiguredTheAgentRunsInLocalMode() {
        try (AgentJvm app = AgentJvm.builder().start()) {
            app.awaitLog("mode=local");
            assertThat(app.call("describe 8")).isEqualTo("item-8#1 <String>");
            assertThat(app.call("describe 8")).isEqualTo("item-8#1 <String>");
            assertThat(app.count("describe")).isEqualTo(1);
        }
    }

    @Test
    void theStartupLineMasksThePassword() {
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.redis.address", "redis://admin:hunter2@127.0.0.1:" + redis.port)
                .start()) {
            String line = app.awaitLog("started:");
            assertThat(line).contains("redis://admin:***@127.0.0.1:" + redis.port).doesNotContain("hunter2");
            assertThat(app.logText()).doesNotContain("hunter2");
        }
    }
}
