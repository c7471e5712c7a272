package io.cachet.agent.config;

import io.cachet.agent.log.AgentLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Every setting of the agent, once: key, default, parser and meaning. Nothing else names a
 * setting's key or default; values are read with {@link CachetConfig#get}. Rule keys
 * ({@code cachet.cache.<id>.*} and the like) are described by {@link RuleFamily} instead.
 */
public final class Settings {

    private static final UnaryOperator<String> AS_WRITTEN = UnaryOperator.identity();

    public static final Setting<Path> CONFIG_FILE = setting("cachet.config", null, Parser.TEXT.andThen(Path::of),
            "the properties file (also `config=` in the agent arguments, or `CACHET_CONFIG`)");
    public static final Setting<Boolean> ENABLED = setting("cachet.enabled", true, Parser.BOOLEAN,
            "`false` instruments nothing");
    public static final Setting<String> REDIS_ADDRESS = new Setting<>("cachet.redis.address", null, Parser.REDIS_ADDRESS,
            "`redis://host:port`; `rediss://` and `user:password@` accepted", CachetConfig::maskPassword);
    public static final Setting<Path> REDIS_CONFIG = setting("cachet.redis.config", null, Parser.READABLE_FILE,
            "a Redisson YAML file (cluster, sentinel, replicated, TLS, credentials; see Deployments)");
    public static final Setting<Duration> REDIS_TIMEOUT = setting("cachet.redis.timeout", Duration.ofMillis(100), Parser.POSITIVE_DURATION,
            "deadline of each Redis call; past it the call runs uncached");
    public static final Setting<Duration> REDIS_CONNECT_TIMEOUT = setting("cachet.redis.connect-timeout", Duration.ofSeconds(1),
            Parser.POSITIVE_DURATION, "deadline of one connection attempt (made in the background)");
    public static final Setting<Duration> REDIS_STARTUP_WAIT = setting("cachet.redis.startup-wait", Duration.ofSeconds(2),
            Parser.DURATION, "the longest a call that needs Redis waits for this JVM's first connection (once; `0`: never)");
    public static final Setting<Duration> REDIS_SPIN_WAIT = setting("cachet.redis.spin-wait", Duration.ofNanos(100_000), Parser.SHORT_DURATION,
            "the longest a call spins on a Redis reply before it parks, while few calls wait (`0`: park at once)");
    public static final Setting<String> KEY_PREFIX = setting("cachet.key.prefix", "", Parser.KEY_PREFIX,
            "environment prefix of every key: `[prefix:]cachet:<cache>:<key>`");
    public static final Setting<Duration> DEFAULT_TTL = setting("cachet.default.ttl", Duration.ofMinutes(5), Parser.POSITIVE_DURATION,
            "TTL when `@Cached(ttl)` is empty");
    public static final Setting<Boolean> NEAR_ENABLED = setting("cachet.near.enabled", true, Parser.BOOLEAN,
            "`false` turns every near cache off (methods still need `near = true` to use one)");
    public static final Setting<Integer> NEAR_MAX_ENTRIES = setting("cachet.near.max-entries", 10_000, Parser.POSITIVE_INT,
            "bound of the near cache (and of the in-process cache of local mode)");
    public static final Setting<Duration> NEAR_TTL = setting("cachet.near.ttl", Duration.ofSeconds(30), Parser.POSITIVE_DURATION,
            "the longest a near-cache entry is served without being read from Redis again");
    public static final Setting<Integer> REACTIVE_MAX_ELEMENTS = setting("cachet.reactive.max-elements", 10_000, Parser.POSITIVE_INT,
            "the most elements of a `Flux` that is cached (as one list); a longer one is passed on and not stored");
    public static final Setting<Integer> CIRCUIT_FAILURES = setting("cachet.circuit.failure-threshold", 5, Parser.POSITIVE_INT,
            "consecutive Redis faults that open the circuit");
    public static final Setting<Duration> CIRCUIT_OPEN_FOR = setting("cachet.circuit.open-duration", Duration.ofSeconds(1),
            Parser.POSITIVE_DURATION, "how long calls skip Redis before one probe is let through");
    public static final Setting<List<String>> ALLOWED_PACKAGES = setting("cachet.codec.allowed-packages", List.of(), Parser.LIST,
            "extra packages whose classes may be decoded (comma-separated)");
    public static final Setting<Integer> COMPRESS_ABOVE = setting("cachet.codec.compress-above", 1024, Parser.POSITIVE_INT,
            "payload bytes above which entries are LZ4-compressed");
    public static final Setting<Integer> MAX_ENTRY_BYTES = setting("cachet.codec.max-entry-bytes", 8 * 1024 * 1024, Parser.BYTES,
            "the largest entry stored (8 MiB; `k` and `m` accepted): a larger result is returned and not stored, said once per cache");
    public static final Setting<AgentLog.Level> LOG_LEVEL = setting("cachet.log.level", AgentLog.Level.INFO, Parser.LOG_LEVEL,
            "`DEBUG`, `INFO`, `WARN`, `ERROR`");
    public static final Setting<String> LOG_TARGET = setting("cachet.log.target", AgentLog.STDERR, Parser.TEXT,
            "`stderr` (timestamped lines), `application` (the application's SLF4J, Log4j 2 or `java.util.logging`, once it has "
                    + "configured it; lines before that wait, up to 1000), or a file path to append to");
    public static final Setting<Boolean> FAIL_FAST = setting("cachet.fail-fast", false, Parser.BOOLEAN,
            "refuse to start the JVM when the configuration has problems");
    public static final Setting<Integer> WAIT_REPLICAS = setting("cachet.invalidation.wait-replicas", 0, Parser.NON_NEGATIVE_INT,
            "replicas of each master that must have an eviction before it counts as done (Redis `WAIT`); `1` keeps evictions "
                    + "through a failover (see Deployments)");
    public static final Setting<Duration> RETENTION = setting("cachet.invalidation.retention", Duration.ofDays(30), Parser.POSITIVE_DURATION,
            "how long a version counter lives after its last bump; no entry may live longer (a longer `ttl` is reported and not cached)");
    public static final Setting<Duration> REPEAT_AFTER = setting("cachet.invalidation.repeat-after", null, Parser.POSITIVE_DURATION,
            "off unless set: repeat every eviction made outside a transaction the agent can see (Spring, JTA) this long after "
                    + "it, for transactions that commit later (see Invalidation); e.g. `500ms`");
    public static final Setting<Duration> LEASE_DURATION = setting("cachet.lease.duration", Duration.ofSeconds(10), Parser.POSITIVE_DURATION,
            "how long one JVM holds the lease to load a missing entry for the cluster; a holder that dies loses it after this");
    public static final Setting<Duration> LEASE_WAIT = setting("cachet.lease.wait", Duration.ofSeconds(5), Parser.POSITIVE_DURATION,
            "the longest a caller waits for another's load before running the method itself");
    public static final Setting<Duration> UNMATCHED_AFTER = setting("cachet.rules.unmatched-warning-after", Duration.ofSeconds(60),
            Parser.POSITIVE_DURATION, "when a rule that has matched no method yet is reported (once)");
    public static final Setting<Boolean> WATCH = setting("cachet.config.watch", false, Parser.BOOLEAN,
            "re-read the properties file when it changes (see Code you cannot edit)");
    public static final Setting<Integer> METRICS_PORT = setting("cachet.metrics.port", null, Parser.PORT,
            "serve `/metrics` (Prometheus) and the status page `/` on this port");
    public static final Setting<String> METRICS_BIND = setting("cachet.metrics.bind", "127.0.0.1", Parser.TEXT,
            "the address that port listens on");
    public static final Setting<Boolean> METRICS_JMX = setting("cachet.metrics.jmx", true, Parser.BOOLEAN,
            "publish the statistics as JMX beans");
    public static final Setting<Boolean> METRICS_MICROMETER = setting("cachet.metrics.micrometer", true, Parser.BOOLEAN,
            "register the statistics in the application's Micrometer `Metrics.globalRegistry`, when it has Micrometer");
    public static final Setting<Boolean> TRACING_ENABLED = setting("cachet.tracing.enabled", true, Parser.BOOLEAN,
            "set `cache.name`, `cache.result`, `cache.tier` on the current OpenTelemetry span, when the application has OpenTelemetry");
    public static final Setting<Boolean> TRACING_SPANS = setting("cachet.tracing.spans", false, Parser.BOOLEAN,
            "also a child span per load (`cachet.load <cache>`) and per Redis call Cachet waits for (`MGET`, ...)");
    public static final Setting<Boolean> ADMIN_ENABLED = setting("cachet.admin.enabled", false, Parser.BOOLEAN,
            "let the status page evict (`POST /api/evict`); see below why it is off");

    /** In the order of the README's table. */
    public static final List<Setting<?>> ALL = List.of(CONFIG_FILE, ENABLED, REDIS_ADDRESS, REDIS_CONFIG, REDIS_TIMEOUT,
            REDIS_CONNECT_TIMEOUT, REDIS_STARTUP_WAIT, REDIS_SPIN_WAIT, KEY_PREFIX, DEFAULT_TTL, NEAR_ENABLED, NEAR_MAX_ENTRIES, NEAR_TTL, REACTIVE_MAX_ELEMENTS,
            CIRCUIT_FAILURES, CIRCUIT_OPEN_FOR, ALLOWED_PACKAGES, COMPRESS_ABOVE, MAX_ENTRY_BYTES, LOG_LEVEL, LOG_TARGET, FAIL_FAST, WAIT_REPLICAS,
            RETENTION, REPEAT_AFTER, LEASE_DURATION, LEASE_WAIT, UNMATCHED_AFTER, WATCH, METRICS_PORT, METRICS_BIND, METRICS_JMX, METRICS_MICROMETER,
            TRACING_ENABLED, TRACING_SPANS, ADMIN_ENABLED);

    private Settings() {
    }

    private static <T> Setting<T> setting(String key, T defaultValue, Parser<T> parser, String meaning) {
        return new Setting<>(key, defaultValue, parser, meaning, AS_WRITTEN);
    }

    /** The setting named {@code key}, or {@code null}. */
    static Setting<?> named(String key) {
        for (Setting<?> s : ALL) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }
}
