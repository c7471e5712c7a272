package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.ConfigProblems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redisson YAML with a syntax error is one problem in one line naming the file (issue 13,
 * item 11), found before connecting for {@code cachet.fail-fast=true}.
 */
class RedisYamlProblemTest {

    @TempDir
    Path dir;

    private CachetConfig configNaming(String yaml) throws IOException {
        Path f = dir.resolve("redisson.yaml");
        Files.writeString(f, yaml);
        ConfigProblems problems = new ConfigProblems();
        CachetConfig config = CachetConfig.from(Map.of("cachet.redis.config", f.toString()), problems);
        assertThat(problems.all()).isEmpty();
        return config;
    }

    @Test
    void aSyntaxErrorIsOneLineNamingTheFile() throws IOException {
        CachetConfig config = configNaming("singleServerConfig:\n  address: \"redis://127.0.0.1:6379\"\n  connectionPoolSize: [1, 2\n");
        String problem = RedisStore.configProblem(config);
        assertThat(problem).contains("cachet.redis.config=" + dir.resolve("redisson.yaml")).contains("is not a Redisson YAML")
                .doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void aValidFileIsNoProblem() throws IOException {
        assertThat(RedisStore.configProblem(configNaming("singleServerConfig:\n  address: \"redis://127.0.0.1:6379\"\n"))).isNull();
    }
}
