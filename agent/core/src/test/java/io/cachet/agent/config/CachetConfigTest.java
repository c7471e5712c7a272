package io.cachet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachetConfigTest {

    private final ConfigProblems problems = new ConfigProblems();

    private CachetConfig config(String... keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return CachetConfig.from(values, problems);
    }

    @Test
    void byteSizesTakeKAndMSuffixes() {
        assertThat(Parser.BYTES.parse("8388608")).isEqualTo(8 << 20);
        assertThat(Parser.BYTES.parse("512k")).isEqualTo(512 << 10);
        assertThat(Parser.BYTES.parse("1M")).isEqualTo(1 << 20);
        for (String bad : List.of("0", "-1k", "8x", "m", "4096m", "1.5m")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Parser.BYTES.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void defaultsWhenNothingIsSet() {
        CachetConfig c = config();
        assertThat(problems.all()).isEmpty();
        assertThat(c.get(Settings.ENABLED)).isTrue();
        assertThat(c.redisConfigured()).isFalse();
        assertThat(c.get(Settings.REDIS_ADDRESS)).isNull();
        assertThat(c.get(Settings.REDIS_CONFIG)).isNull();
        assertThat(c.get(Settings.REDIS_TIMEOUT)).isEqualTo(Duration.ofMillis(100));
        assertThat(c.get(Settings.REDIS_CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.get(Settings.KEY_PREFIX)).isEmpty();
        assertThat(c.get(Settings.DEFAULT_TTL)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.get(Settings.NEAR_ENABLED)).isTrue();
        assertThat(c.get(Settings.NEAR_MAX_ENTRIES)).isEqualTo(10_000);
        assertThat(c.get(Settings.FAIL_FAST)).isFalse();
        assertThat(c.get(Settings.LOG_LEVEL)).isEqualTo(AgentLog.Level.INFO);
        assertThat(c.get(Settings.CIRCUIT_FAILURES)).isEqualTo(5);
        assertThat(c.get(Settings.CIRCUIT_OPEN_FOR)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.get(Settings.ALLOWED_PACKAGES)).isEmpty();
        assertThat(c.get(Settings.COMPRESS_ABOVE)).isEqualTo(1024);
        assertThat(c.rules()).isEmpty();
    }

    @Test
    void readsEverySetting(@TempDir Path dir) throws IOException {
        Path redisYaml = Files.writeString(dir.resolve("redisson.yaml"), "singleServerConfig: {}");
        CachetConfig c = config(
                "cachet.enabled", "FALSE",
                "cachet.redis.address", "rediss://user:pw@cache.example:6380",
                "cachet.redis.config", redisYaml.toString(),
                "cachet.redis.timeout", "250ms",
                "cachet.redis.connect-timeout", "PT3S",
                "cachet.key.prefix", "prod-eu_1.a",
                "cachet.default.ttl", "2h",
                "cachet.near.enabled", "false",
                "cachet.near.max-entries", "42",
                "cachet.fail-fast", "true",
                "cachet.log.level", "debug",
                "cachet.circuit.failure-threshold", "7",
                "cachet.circuit.open-duration", "30s",
                "cachet.codec.allowed-packages", " com.acme , org.example.,, ",
                "cachet.codec.compress-above", "4096");
        assertThat(problems.all()).isEmpty();
        assertThat(c.get(Settings.ENABLED)).isFalse();
        assertThat(c.redisConfigured()).isTrue();
        assertThat(c.get(Settings.REDIS_ADDRESS)).isEqualTo("rediss://user:pw@cache.example:6380");
        assertThat(c.get(Settings.REDIS_CONFIG)).isEqualTo(redisYaml);
        assertThat(c.get(Settings.REDIS_TIMEOUT)).isEqualTo(Duration.ofMillis(250));
        assertThat(c.get(Settings.REDIS_CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.get(Settings.KEY_PREFIX)).isEqualTo("prod-eu_1.a");
        assertThat(c.get(Settings.DEFAULT_TTL)).isEqualTo(Duration.ofHours(2));
        assertThat(c.get(Settings.NEAR_ENABLED)).isFalse();
        assertThat(c.get(Settings.NEAR_MAX_ENTRIES)).isEqualTo(42);
        assertThat(c.get(Settings.FAIL_FAST)).isTrue();
        assertThat(c.get(Settings.LOG_LEVEL)).isEqualTo(AgentLog.Level.DEBUG);
        assertThat(c.get(Settings.CIRCUIT_FAILURES)).isEqualTo(7);
        assertThat(c.get(Settings.CIRCUIT_OPEN_FOR)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(Settings.ALLOWED_PACKAGES)).containsExactly("com.acme", "org.example.");
        assertThat(c.get(Settings.COMPRESS_ABOVE)).isEqualTo(4096);
    }

    // --- unknown keys ---

    @Test
    void unknownKeyNamesTheClosestKnownKey() {
        config("cachet.redis.adress", "redis://h:6379");
        assertThat(problems.all())
                .containsExactly("unknown key cachet.redis.adress (did you mean cachet.redis.address?)");
    }

    @Test
    void unknownRulePropertyNamesTheClosestRuleProperty() {
        config("cachet.cache.users.method", "com.acme.UserRepo#findById", "cachet.cache.users.tll", "10m");
        assertThat(problems.all())
                .containsExactly("unknown key cachet.cache.users.tll (did you mean cachet.cache.users.ttl?)");
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyHasNoSuggestion() {
        config("cachet.completely.unrelated.setting.here", "1");
        assertThat(problems.all()).containsExactly("unknown key cachet.completely.unrelated.setting.here");
    }

    // --- bad values: one line "key=value: what is wrong", default kept ---

    @Test
    void badDurationNamesKeyAndValueAndKeepsTheDefault() {
        CachetConfig c = config("cachet.default.ttl", "5x");
        assertThat(problems.all()).containsExactly(
                "cachet.default.ttl=5x: not a duration (" + Durations.SYNTAX + ")");
        assertThat(c.get(Settings.DEFAULT_TTL)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void zeroTimeoutIsReported() {
        CachetConfig c = config("cachet.redis.timeout", "0ms");
        assertThat(problems.all()).containsExactly("cachet.redis.timeout=0ms: must be longer than zero");
        assertThat(c.get(Settings.REDIS_TIMEOUT)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void badBooleanIntegerLevelAndPrefixAreReported() {
        CachetConfig c = config(
                "cachet.enabled", "yes",
                "cachet.near.max-entries", "0",
                "cachet.codec.compress-above", "1k",
                "cachet.log.level", "loud",
                "cachet.key.prefix", "has space");
        assertThat(problems.all()).containsExactlyInAnyOrder(
                "cachet.enabled=yes: not a boolean (use true or false)",
                "cachet.near.max-entries=0: not a positive whole number",
                "cachet.codec.compress-above=1k: not a positive whole number",
                "cachet.log.level=loud: not a log level (use [DEBUG, INFO, WARN, ERROR])",
                "cachet.key.prefix=has space: a key prefix is 1 to 64 of A-Z a-z 0-9 . _ -");
        assertThat(c.get(Settings.ENABLED)).isTrue();
        assertThat(c.get(Settings.NEAR_MAX_ENTRIES)).isEqualTo(10_000);
        assertThat(c.get(Settings.COMPRESS_ABOVE)).isEqualTo(1024);
        assertThat(c.get(Settings.LOG_LEVEL)).isEqualTo(AgentLog.Level.INFO);
        assertThat(c.get(Settings.KEY_PREFIX)).isEmpty();
    }

    @Test
    void keyPrefixLongerThan64IsReported() {
        String prefix = "p".repeat(65);
        CachetConfig c = config("cachet.key.prefix", prefix);
        assertThat(problems.all()).hasSize(1);
        assertThat(c.get(Settings.KEY_PREFIX)).isEmpty();
        problems.all();
        ConfigProblems ok = new ConfigProblems();
        assertThat(CachetConfig.from(Map.of("cachet.key.prefix", "p".repeat(64)), ok).get(Settings.KEY_PREFIX)).hasSize(64);
        assertThat(ok.all()).isEmpty();
    }

    @Test
    void missingRedisConfigFileIsReported(@TempDir Path dir) {
        String missing = dir.resolve("missing.yaml").toString();
        CachetConfig c = config("cachet.redis.config", missing);
        assertThat(problems.all()).containsExactly("cachet.redis.config=" + missing + ": no readable file there");
        assertThat(c.get(Settings.REDIS_CONFIG)).isNull();
    }

    @Test
    void badRedisAddressIsReportedWithThePasswordMasked() {
        CachetConfig c = config("cachet.redis.address", "redis://admin:s3cret@cache.example");
        assertThat(problems.all()).containsExactly("cachet.redis.address=redis://admin:***@cache.example: "
                + "not a Redis address (use redis://host:port or rediss://user:password@host:port)");
        assertThat(String.join("\n", problems.all())).doesNotContain("s3cret");
        assertThat(c.get(Settings.REDIS_ADDRESS)).isNull();
        assertThat(c.redisConfigured()).isFalse();
    }

    @Test
    void redisAddressNeedsRedisSchemeHostAndPort() {
        config("cachet.redis.address", "http://cache:6379");
        config("cachet.redis.address", "redis://cache");
        config("cachet.redis.address", "cache:6379");
        assertThat(problems.all()).hasSize(3).allMatch(p -> p.contains("not a Redis address"));
    }

    @Test
    void evictionsTrustTheMasterUnlessTheyAreToldToWaitForReplicas() {
        assertThat(config().get(Settings.WAIT_REPLICAS)).isZero();
        assertThat(config("cachet.invalidation.wait-replicas", "1").get(Settings.WAIT_REPLICAS)).isEqualTo(1);
        assertThat(problems.all()).isEmpty();
        assertThat(config("cachet.invalidation.wait-replicas", "-1").get(Settings.WAIT_REPLICAS)).isZero();
        assertThat(problems.all()).containsExactly(
                "cachet.invalidation.wait-replicas=-1: not a whole number of 0 or more");
    }

    /* Generated passwords often contain '/'; masking must not stop there. */
    @Test
    void passwordWithSlashIsMaskedInTheProblemLine() {
        config("cachet.redis.address", "redis://admin:ab/cd@cache.example:6379");
        assertThat(problems.all()).hasSize(1);
        assertThat(problems.all().get(0)).doesNotContain("ab/cd").contains("***");
    }

    @Test
    void maskPasswordHidesOnlyThePassword() {
        assertThat(CachetConfig.maskPassword("redis://user:secret@host:6379")).isEqualTo("redis://user:***@host:6379");
        assertThat(CachetConfig.maskPassword("rediss://:secret@host:6379/0")).isEqualTo("rediss://:***@host:6379/0");
        assertThat(CachetConfig.maskPassword("redis://host:6379")).isEqualTo("redis://host:6379");
        assertThat(CachetConfig.maskPassword("redis://secret@host:6379")).as("one part is a password, as Redisson reads it")
                .isEqualTo("redis://***@host:6379");
        assertThat(CachetConfig.maskPassword("rediss://app:p@ss/w:rd@host:6379")).isEqualTo("rediss://app:***@host:6379");
        assertThat(CachetConfig.maskPassword(null)).isNull();
    }

    @Test
    void valuesAreTrimmed() {
        CachetConfig c = config("cachet.default.ttl", " 10m ", "cachet.enabled", " false ");
        assertThat(problems.all()).isEmpty();
        assertThat(c.get(Settings.DEFAULT_TTL)).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.get(Settings.ENABLED)).isFalse();
    }

    @Test
    void emptyValuesMeanTheDefault() {
        CachetConfig c = config("cachet.default.ttl", "", "cachet.redis.address", "");
        assertThat(problems.all()).isEmpty();
        assertThat(c.get(Settings.DEFAULT_TTL)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.get(Settings.REDIS_ADDRESS)).isNull();
    }

    // --- method rules ---

    @Test
    void cacheRulesAreParsed() {
        CachetConfig c = config(
                "cachet.cache.users.method", "com.acme.UserRepo#findById(long)",
                "cachet.cache.users.ttl", "10m",
                "cachet.cache.users.key", "{0}",
                "cachet.cache.prices.method", "com.acme.*.PriceService#price*");
        assertThat(problems.all()).isEmpty();
        List<MethodRule> rules = c.rules();
        assertThat(rules).extracting(MethodRule::id).containsExactlyInAnyOrder("users", "prices");
        MethodRule users = rules.stream().filter(r -> r.id().equals("users")).findFirst().orElseThrow();
        assertThat(users.values().get(RuleFamily.Cache.TTL)).isEqualTo(Duration.ofMinutes(10));
        assertThat(users.values().get(RuleFamily.Cache.KEY)).isEqualTo("{0}");
        assertThat(RuleFamily.Cache.ALL).filteredOn(a -> users.values().isSet(a))
                .containsExactlyInAnyOrder(RuleFamily.Cache.TTL, RuleFamily.Cache.KEY);
        assertThat(users.pattern().toString()).isEqualTo("com.acme.UserRepo#findById(long)");
        assertThat(users.pattern().matchesType("com.acme.UserRepo")).isTrue();
        assertThat(users.pattern().matchesMethod("findById", List.of("long"))).isTrue();
        assertThat(users.keyOf("ttl")).isEqualTo("cachet.cache.users.ttl");
        MethodRule prices = rules.stream().filter(r -> r.id().equals("prices")).findFirst().orElseThrow();
        assertThat(prices.pattern().matchesType("com.acme.shop.PriceService")).isTrue();
    }

    @Test
    void ruleWithoutMethodIsReported() {
        CachetConfig c = config("cachet.cache.orphan.ttl", "1m");
        assertThat(problems.all()).containsExactly(
                "cachet.cache.orphan.method is missing: cachet.cache.orphan.* names no method");
        assertThat(c.rules()).isEmpty();
    }

    @Test
    void ruleWithBlankMethodIsReported() {
        CachetConfig c = config("cachet.cache.orphan.method", "  ");
        assertThat(problems.all()).containsExactly(
                "cachet.cache.orphan.method is missing: cachet.cache.orphan.* names no method");
        assertThat(c.rules()).isEmpty();
    }

    @Test
    void ruleWithBadMethodPatternIsReported() {
        CachetConfig c = config("cachet.cache.bad.method", "com.acme.UserRepo.findById");
        assertThat(problems.all()).hasSize(1);
        assertThat(problems.all().get(0)).startsWith("cachet.cache.bad.method=com.acme.UserRepo.findById: not a method pattern");
        assertThat(c.rules()).isEmpty();
    }

    @Test
    void evictAndWriteThroughKeysMakeRulesOfTheirFamily() {
        Map<String, String> values = new HashMap<>();
        values.put("cachet.evict.e1.method", "com.acme.UserRepo#save");
        values.put("cachet.evict.e1.tags", "user:{0.id}");
        values.put("cachet.write-through.w1.method", "com.acme.UserRepo#update");
        CachetConfig c = CachetConfig.from(values, problems);
        assertThat(problems.all()).isEmpty();
        assertThat(c.rules()).extracting(MethodRule::family, MethodRule::id)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(RuleFamily.EVICT, "e1"),
                        org.assertj.core.groups.Tuple.tuple(RuleFamily.WRITE_THROUGH, "w1"));
        assertThat(c.rules().stream().filter(r -> r.id().equals("e1")).findFirst().orElseThrow().keyOf("tags"))
                .isEqualTo("cachet.evict.e1.tags");
    }

    @Test
    void propertyOfAnotherRuleFamilyIsUnknown() {
        config("cachet.write-through.w1.method", "com.acme.UserRepo#update", "cachet.write-through.w1.ttl", "1m");
        assertThat(problems.all()).hasSize(1);
        assertThat(problems.all().get(0)).startsWith("unknown key cachet.write-through.w1.ttl");
    }

    @Test
    void theStartupWaitIsTwoSecondsAndZeroMeansNever() {
        assertThat(config().get(Settings.REDIS_STARTUP_WAIT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config("cachet.redis.startup-wait", "0").get(Settings.REDIS_STARTUP_WAIT)).isZero();
        assertThat(config("cachet.redis.startup-wait", "500ms").get(Settings.REDIS_STARTUP_WAIT)).isEqualTo(Duration.ofMillis(500));
        assertThat(problems.all()).isEmpty();
        config("cachet.redis.startup-wait", "-1s");
        assertThat(problems.all()).singleElement().asString().startsWith("cachet.redis.startup-wait=-1s: not a duration");
    }

    @Test
    void redisAskedForButUnusableIsNeverLocalMode() {
        assertThat(config().redisUnusable()).as("nothing asked for: local mode").isNull();
        assertThat(config("cachet.redis.adress", "redis://127.0.0.1:6379").redisUnusable())
                .contains("cachet.redis.adress");
        assertThat(config("cachet.redis.address", "redis//nope").redisUnusable()).contains("not a Redis address");
        assertThat(config("cachet.redis.config", "/no/such/redisson.yaml").redisUnusable()).contains("no readable file there");
        assertThat(config("cachet.redis.address", "redis://127.0.0.1:6379").redisUnusable()).isNull();
    }
}
