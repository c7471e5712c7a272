package io.cachet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("cachet.properties");
        Files.write(f, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static Map<String, String> merge(String args, Map<String, String> sys, Map<String, String> env) {
        ConfigProblems problems = new ConfigProblems();
        Map<String, String> merged = ConfigSources.merge(args, sys, env, problems);
        assertThat(problems.all()).isEmpty();
        return merged;
    }

    // --- precedence: agent args > system properties > env > file > defaults ---

    @Test
    void agentArgumentsBeatEverything() throws IOException {
        Path f = file("cachet.key.prefix=file");
        Map<String, String> merged = merge("config=" + f + ",key.prefix=args",
                Map.of("cachet.key.prefix", "sys"), Map.of("CACHET_KEY_PREFIX", "env"));
        assertThat(merged).containsEntry("cachet.key.prefix", "args");
    }

    @Test
    void systemPropertiesBeatEnvironmentAndFile() throws IOException {
        Path f = file("cachet.key.prefix=file");
        Map<String, String> merged = merge("config=" + f,
                Map.of("cachet.key.prefix", "sys"), Map.of("CACHET_KEY_PREFIX", "env"));
        assertThat(merged).containsEntry("cachet.key.prefix", "sys");
    }

    @Test
    void environmentBeatsFile() throws IOException {
        Path f = file("cachet.key.prefix=file");
        Map<String, String> merged = merge("config=" + f, Map.of(), Map.of("CACHET_KEY_PREFIX", "env"));
        assertThat(merged).containsEntry("cachet.key.prefix", "env");
    }

    @Test
    void fileIsUsedWhenNothingElseSetsTheKey() throws IOException {
        Path f = file("cachet.key.prefix=file");
        Map<String, String> merged = merge("config=" + f, Map.of(), Map.of());
        assertThat(merged).containsEntry("cachet.key.prefix", "file");
    }

    @Test
    void eachKeyIsResolvedOnItsOwn() throws IOException {
        Path f = file("cachet.key.prefix=file", "cachet.default.ttl=1m", "cachet.redis.timeout=1s",
                "cachet.near.max-entries=5");
        Map<String, String> merged = merge("config=" + f + ",cachet.default.ttl=4m",
                Map.of("cachet.redis.timeout", "3s"),
                Map.of("CACHET_NEAR_MAX_ENTRIES", "50"));
        assertThat(merged)
                .containsEntry("cachet.key.prefix", "file")
                .containsEntry("cachet.default.ttl", "4m")
                .containsEntry("cachet.redis.timeout", "3s")
                .containsEntry("cachet.near.max-entries", "50");
    }

    @Test
    void unsetKeysAreAbsentSoDefaultsApply() {
        Map<String, String> merged = merge(null, Map.of(), Map.of());
        assertThat(merged).isEmpty();
        CachetConfig config = CachetConfig.from(merged, new ConfigProblems());
        assertThat(config.get(Settings.KEY_PREFIX)).isEmpty();
    }

    // --- where the file comes from ---

    @Test
    void fileNamedBySystemProperty() throws IOException {
        Path f = file("cachet.key.prefix=file");
        Map<String, String> merged = merge(null, Map.of("cachet.config", f.toString()), Map.of());
        assertThat(merged).containsEntry("cachet.key.prefix", "file");
    }

    @Test
    void fileNamedByEnvironment() throws IOException {
        Path f = file("cachet.key.prefix=file");
        Map<String, String> merged = merge(null, Map.of(), Map.of("CACHET_CONFIG", f.toString()));
        assertThat(merged).containsEntry("cachet.key.prefix", "file");
    }

    @Test
    void fileNamedByAgentArgumentWinsOverOtherFileNames() throws IOException {
        Path chosen = file("cachet.key.prefix=chosen");
        Path other = dir.resolve("other.properties");
        Files.write(other, "cachet.key.prefix=other".getBytes(StandardCharsets.UTF_8));
        Map<String, String> merged = merge("config=" + chosen,
                Map.of("cachet.config", other.toString()), Map.of("CACHET_CONFIG", other.toString()));
        assertThat(merged).containsEntry("cachet.key.prefix", "chosen");
    }

    @Test
    void unreadableFileIsReportedWithKeyAndPath() {
        ConfigProblems problems = new ConfigProblems();
        String missing = dir.resolve("nope.properties").toString();
        ConfigSources.merge("config=" + missing, Map.of(), Map.of(), problems);
        assertThat(problems.all()).containsExactly(
                "cachet.config=" + missing + ": cannot read the file (NoSuchFileException)");
    }

    // --- environment names ---

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertThat(ConfigSources.envName("cachet.redis.address")).isEqualTo("CACHET_REDIS_ADDRESS");
        assertThat(ConfigSources.envName("cachet.key.prefix")).isEqualTo("CACHET_KEY_PREFIX");
        assertThat(ConfigSources.envName("cachet.redis.connect-timeout")).isEqualTo("CACHET_REDIS_CONNECT_TIMEOUT");
        assertThat(ConfigSources.envName("cachet.cache.user-by-id.ttl")).isEqualTo("CACHET_CACHE_USER_BY_ID_TTL");
    }

    @Test
    void knownKeysAreReadFromTheEnvironment() {
        Map<String, String> merged = merge(null, Map.of(), Map.of(
                "CACHET_REDIS_ADDRESS", "redis://cache:6379",
                "CACHET_KEY_PREFIX", "prod",
                "CACHET_REDIS_CONNECT_TIMEOUT", "2s",
                "PATH", "/usr/bin"));
        assertThat(merged)
                .containsEntry("cachet.redis.address", "redis://cache:6379")
                .containsEntry("cachet.key.prefix", "prod")
                .containsEntry("cachet.redis.connect-timeout", "2s")
                .hasSize(3);
    }

    @Test
    void environmentOverridesRuleKeysTheFileDefines() throws IOException {
        Path f = file("cachet.cache.users.method=com.acme.UserRepo#findById", "cachet.cache.users.ttl=5m");
        Map<String, String> merged = merge("config=" + f, Map.of(), Map.of("CACHET_CACHE_USERS_TTL", "10m"));
        assertThat(merged)
                .containsEntry("cachet.cache.users.method", "com.acme.UserRepo#findById")
                .containsEntry("cachet.cache.users.ttl", "10m");
    }

    @Test
    void environmentOverridesRuleKeysWithDashesInTheirId() throws IOException {
        Path f = file("cachet.cache.user-by-id.method=com.acme.UserRepo#findById",
                "cachet.cache.user-by-id.ttl=5m");
        Map<String, String> merged = merge("config=" + f, Map.of(), Map.of("CACHET_CACHE_USER_BY_ID_TTL", "1h"));
        assertThat(merged).containsEntry("cachet.cache.user-by-id.ttl", "1h");
    }

    /* A rule named in any source may take its other properties from the environment. */
    @Test
    void environmentAddsRulePropertiesForIdsTheFileDefines() throws IOException {
        Path f = file("cachet.cache.users.method=com.acme.UserRepo#findById");
        Map<String, String> merged = merge("config=" + f, Map.of(), Map.of("CACHET_CACHE_USERS_KEY", "{0}"));
        assertThat(merged).containsEntry("cachet.cache.users.key", "{0}");
    }

    @Test
    void environmentVariablesThatNameNoKeyAreIgnored() {
        Map<String, String> merged = merge(null, Map.of(), Map.of("CACHET_CACHE_USERS_TTL", "10m"));
        assertThat(merged).isEmpty();
    }

    // --- system properties and agent arguments ---

    @Test
    void onlyCachetSystemPropertiesAreTaken() {
        Map<String, String> merged = merge(null,
                Map.of("java.version", "17", "cachetx.key.prefix", "no", "cachet.key.prefix", "yes"), Map.of());
        assertThat(merged).containsOnly(Map.entry("cachet.key.prefix", "yes"));
    }

    @Test
    void agentArgumentsMayOmitTheCachetPrefix() {
        ConfigProblems problems = new ConfigProblems();
        Map<String, String> args = ConfigSources.parseAgentArgs(
                "config=/etc/c.properties, redis.address = redis://h:6379 ,cachet.key.prefix=prod", problems);
        assertThat(args).containsExactly(
                Map.entry("cachet.config", "/etc/c.properties"),
                Map.entry("cachet.redis.address", "redis://h:6379"),
                Map.entry("cachet.key.prefix", "prod"));
        assertThat(problems.all()).isEmpty();
    }

    @Test
    void agentArgumentWithoutEqualsIsReported() {
        ConfigProblems problems = new ConfigProblems();
        Map<String, String> args = ConfigSources.parseAgentArgs("key.prefix=p,,oops,=x", problems);
        assertThat(args).containsOnly(Map.entry("cachet.key.prefix", "p"));
        assertThat(problems.all()).containsExactly(
                "agent argument 'oops' is not key=value",
                "agent argument '=x' is not key=value");
    }

    @Test
    void blankAgentArgumentsGiveNothing() {
        ConfigProblems problems = new ConfigProblems();
        assertThat(ConfigSources.parseAgentArgs(null, problems)).isEmpty();
        assertThat(ConfigSources.parseAgentArgs("  ", problems)).isEmpty();
        assertThat(problems.isEmpty()).isTrue();
    }

    // --- file syntax ---

    @Test
    void trailingCommentsAreStrippedFromFileValues() throws IOException {
        Path f = file(
                "# a whole-line comment",
                "cachet.default.ttl=10m   # ten minutes",
                "cachet.key.prefix=prod\t# tab before the hash",
                "cachet.redis.address = redis://h:6379",
                "cachet.cache.c1.key=a#b");
        Map<String, String> merged = merge("config=" + f, Map.of(), Map.of());
        assertThat(merged)
                .containsEntry("cachet.default.ttl", "10m")
                .containsEntry("cachet.key.prefix", "prod")
                .containsEntry("cachet.redis.address", "redis://h:6379")
                .containsEntry("cachet.cache.c1.key", "a#b")
                .doesNotContainKey("# a whole-line comment");
    }

    @Test
    void fileValuesFeedAValidConfiguration() throws IOException {
        Path f = file("cachet.default.ttl=10m # comment", "cachet.cache.users.method=com.acme.UserRepo#findById");
        ConfigProblems problems = new ConfigProblems();
        CachetConfig config = CachetConfig.from(ConfigSources.merge("config=" + f, Map.of(), Map.of(), problems), problems);
        assertThat(problems.all()).isEmpty();
        assertThat(config.get(Settings.DEFAULT_TTL)).hasMinutes(10);
        assertThat(config.rules()).extracting(MethodRule::id).containsExactly("users");
    }
}
