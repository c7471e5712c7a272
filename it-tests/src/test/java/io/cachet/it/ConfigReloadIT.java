package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cachet.config.watch=true}: edits of the properties file apply without a restart. */
class ConfigReloadIT extends RedisBackedTest {

    @TempDir
    Path dir;

    private void write(Path file, String... ruleLines) throws Exception {
        List<String> lines = new java.util.ArrayList<>(List.of("cachet.redis.address=" + redis.address(),
                "cachet.key.prefix=reload", "cachet.config.watch=true"));
        lines.addAll(List.of(ruleLines));
        Files.write(file, lines);
    }

    private static void awaitReloads(AgentJvm app, int count) {
        Awaitility.await(count + " reloads").atMost(Duration.ofSeconds(20))
                .until(() -> app.log().stream().filter(l -> l.contains("configuration reloaded")).count() >= count);
    }

    @Test
    void aChangedTtlAnAddedAndARemovedRuleApplyWithoutARestart() throws Exception {
        Path file = dir.resolve("cachet.properties");
        write(file, "cachet.cache.legacy.method=io.cachet.it.apps.legacy.LegacyUsers#find", "cachet.cache.legacy.ttl=10s");
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.config", file.toString()).start().awaitConnected()) {
            app.call("legacy.find 1");
            awaitKey("reload:cachet:LegacyUsers.find:1");
            assertThat(resp.pttl("reload:cachet:LegacyUsers.find:1")).isBetween(1L, 11_000L);

            write(file, "cachet.cache.legacy.method=io.cachet.it.apps.legacy.LegacyUsers#find", "cachet.cache.legacy.ttl=60s");
            awaitReloads(app, 1);
            app.call("legacy.find 2");
            awaitKey("reload:cachet:LegacyUsers.find:2");
            assertThat(resp.pttl("reload:cachet:LegacyUsers.find:2")).as("the new TTL").isGreaterThan(50_000L);

            write(file);
            awaitReloads(app, 2);
            int before = app.count("legacy.find");
            app.call("legacy.find 2");
            app.call("legacy.find 2");
            assertThat(app.count("legacy.find")).as("the rule is gone: uncached").isEqualTo(before + 2);

            write(file, "cachet.cache.legacy.method=io.cachet.it.apps.legacy.LegacyUsers#find");
            awaitReloads(app, 3);
            app.call("legacy.find 3");
            awaitKey("reload:cachet:LegacyUsers.find:3");
            before = app.count("legacy.find");
            app.call("legacy.find 3");
            assertThat(app.count("legacy.find")).as("added back: cached").isEqualTo(before);
        }
    }
}
