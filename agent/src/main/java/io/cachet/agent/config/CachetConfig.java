package io.cachet.agent.config;

import io.cachet.agent.log.AgentLog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings, validated. A bad value is reported through {@link ConfigProblems} and
 * replaced by its default; it never stops the application (unless {@code cachet.fail-fast}).
 */
public final class CachetConfig {

    static final String ENABLED = "cachet.enabled";
    static final String REDIS_ADDRESS = "cachet.redis.address";
    static final String REDIS_CONFIG = "cachet.redis.config";
    static final String REDIS_TIMEOUT = "cachet.redis.timeout";
    static final String REDIS_CONNECT_TIMEOUT = "cachet.redis.connect-timeout";
    static final String KEY_PREFIX = "cachet.key.prefix";
    static final String DEFAULT_TTL = "cachet.default.ttl";
    static final String NEAR_ENABLED = "cachet.near.enabled";
    static final String NEAR_MAX_ENTRIES = "cachet.near.max-entries";
    static final String NEAR_TTL = "cachet.near.ttl";
    static final String FAIL_FAST = "cachet.fail-fast";
    static final String LOG_LEVEL = "cachet.log.level";
    static final String CIRCUIT_FAILURES = "cachet.circuit.failure-threshold";
    static final String CIRCUIT_OPEN_FOR = "cachet.circuit.open-duration";
    static final String ALLOWED_PACKAGES = "cachet.codec.allowed-packages";
    static final String COMPRESS_ABOVE = "cachet.codec.compress-above";
    static final String RETENTION = "cachet.invalidation.retention";
    static final String WAIT_REPLICAS = "cachet.invalidation.wait-replicas";
    static final String LEASE_DURATION = "cachet.lease.duration";
    static final String LEASE_WAIT = "cachet.lease.wait";
    static final String UNMATCHED_AFTER = "cachet.rules.unmatched-warning-after";
    static final String WATCH = "cachet.config.watch";
    static final String METRICS_PORT = "cachet.metrics.port";
    static final String METRICS_BIND = "cachet.metrics.bind";
    static final String METRICS_JMX = "cachet.metrics.jmx";
    static final String ADMIN_ENABLED = "cachet.admin.enabled";

    private static final List<String> KNOWN = List.of(ConfigSources.FILE_KEY, ENABLED, REDIS_ADDRESS, REDIS_CONFIG,
            REDIS_TIMEOUT, REDIS_CONNECT_TIMEOUT, KEY_PREFIX, DEFAULT_TTL, NEAR_ENABLED, NEAR_MAX_ENTRIES, NEAR_TTL,
            FAIL_FAST, LOG_LEVEL, CIRCUIT_FAILURES, CIRCUIT_OPEN_FOR, ALLOWED_PACKAGES, COMPRESS_ABOVE, RETENTION, WAIT_REPLICAS,
            LEASE_DURATION, LEASE_WAIT, UNMATCHED_AFTER, WATCH, METRICS_PORT, METRICS_BIND, METRICS_JMX, ADMIN_ENABLED);

    /** {@code cachet.<family>.<id>.<property>}: method rules for code the user cannot annotate. */
    private static final Pattern RULE_KEY = Pattern.compile("cachet\\.(cache|evict|write-through)\\.([^.]+)\\.(.+)");
    private static final Map<String, Set<String>> RULE_PROPERTIES = Map.of(
            "cache", Set.of("method", "ttl", "tags", "name", "key", "cache-nulls", "jitter",
                    "stale-while-revalidate", "sliding-ttl", "near", "single-flight", "early-refresh-beta",
                    "mode", "verify-rate", "shadow-equality"),
            "evict", Set.of("method", "tags", "cache", "key", "all-entries", "before-invocation"),
            "write-through", Set.of("method", "cache", "key"));
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*://)(.*)@");
    private static final Pattern PREFIX_SYNTAX = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

    private final boolean enabled;
    private final String redisAddress;
    private final Path redisConfigFile;
    private final Duration redisTimeout;
    private final Duration redisConnectTimeout;
    private final String keyPrefix;
    private final Duration defaultTtl;
    private final boolean nearEnabled;
    private final int nearMaxEntries;
    private final Duration nearTtl;
    private final boolean failFast;
    private final AgentLog.Level logLevel;
    private final int circuitFailureThreshold;
    private final Duration circuitOpenDuration;
    private final List<String> allowedPackages;
    private final int compressAbove;
    private final Duration retention;
    private final int waitReplicas;
    private final Duration leaseDuration;
    private final Duration leaseWait;
    private final Duration unmatchedWarningAfter;
    private final boolean watch;
    private final int metricsPort;
    private final String metricsBind;
    private final boolean metricsJmx;
    private final boolean adminEnabled;
    private final Path configFile;
    private final List<MethodRule> rules;

    private CachetConfig(Map<String, String> values, ConfigProblems problems) {
        Reader r = new Reader(values, problems);
        enabled = r.bool(ENABLED, true);
        failFast = r.bool(FAIL_FAST, false);
        logLevel = r.level(LOG_LEVEL, AgentLog.Level.INFO);
        redisAddress = r.redisAddress(REDIS_ADDRESS);
        redisConfigFile = r.existingFile(REDIS_CONFIG);
        redisTimeout = r.positiveDuration(REDIS_TIMEOUT, Duration.ofMillis(100));
        redisConnectTimeout = r.positiveDuration(REDIS_CONNECT_TIMEOUT, Duration.ofSeconds(1));
        keyPrefix = r.keyPrefix(KEY_PREFIX);
        defaultTtl = r.positiveDuration(DEFAULT_TTL, Duration.ofMinutes(5));
        nearEnabled = r.bool(NEAR_ENABLED, true);
        nearMaxEntries = r.positiveInt(NEAR_MAX_ENTRIES, 10_000);
        nearTtl = r.positiveDuration(NEAR_TTL, Duration.ofSeconds(30));
        circuitFailureThreshold = r.positiveInt(CIRCUIT_FAILURES, 5);
        circuitOpenDuration = r.positiveDuration(CIRCUIT_OPEN_FOR, Duration.ofSeconds(1));
        allowedPackages = r.list(ALLOWED_PACKAGES);
        compressAbove = r.positiveInt(COMPRESS_ABOVE, 1024);
        retention = r.positiveDuration(RETENTION, Duration.ofDays(30));
        waitReplicas = r.nonNegativeInt(WAIT_REPLICAS, 0);
        leaseDuration = r.positiveDuration(LEASE_DURATION, Duration.ofSeconds(10));
        leaseWait = r.positiveDuration(LEASE_WAIT, Duration.ofSeconds(5));
        unmatchedWarningAfter = r.positiveDuration(UNMATCHED_AFTER, Duration.ofSeconds(60));
        watch = r.bool(WATCH, false);
        metricsPort = r.port(METRICS_PORT);
        metricsBind = r.string(METRICS_BIND, "127.0.0.1");
        metricsJmx = r.bool(METRICS_JMX, true);
        adminEnabled = r.bool(ADMIN_ENABLED, false);
        String file = values.get(ConfigSources.FILE_KEY);
        configFile = file == null || file.isBlank() ? null : Paths.get(file.trim());
        rules = readRules(values, problems);
    }

    /** Reads and validates {@code values}; problems are added to {@code problems}. */
    public static CachetConfig from(Map<String, String> values, ConfigProblems problems) {
        return new CachetConfig(values, problems);
    }

    static List<String> knownKeys() {
        return KNOWN;
    }

    /** For a rule key ({@code cachet.cache.<id>.x}), every property key of that rule; else none. */
    static List<String> ruleSiblings(String key) {
        Matcher m = RULE_KEY.matcher(key);
        if (!m.matches()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String property : new TreeSet<>(RULE_PROPERTIES.get(m.group(1)))) {
            out.add("cachet." + m.group(1) + "." + m.group(2) + "." + property);
        }
        return out;
    }

    private static List<MethodRule> readRules(Map<String, String> values, ConfigProblems problems) {
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (KNOWN.contains(key)) {
                continue;
            }
            Matcher m = RULE_KEY.matcher(key);
            if (m.matches() && RULE_PROPERTIES.get(m.group(1)).contains(m.group(3))) {
                entries.computeIfAbsent(m.group(1) + "\u0000" + m.group(2), id -> new LinkedHashMap<>())
                        .put(m.group(3), e.getValue());
                continue;
            }
            problems.add("unknown key " + key + suggestion(key));
        }
        List<MethodRule> rules = new ArrayList<>();
        entries.forEach((familyAndId, props) -> {
            String[] parts = familyAndId.split("\u0000", 2);
            checkRuleValues(parts[0], parts[1], props, problems);
            MethodRule rule = MethodRule.parse(parts[0], parts[1], props, problems);
            if (rule != null) {
                rules.add(rule);
            }
        });
        return Collections.unmodifiableList(rules);
    }

    private static final Set<String> DURATIONS = Set.of("ttl", "stale-while-revalidate");
    private static final Set<String> BOOLEANS = Set.of("cache-nulls", "sliding-ttl", "near", "single-flight",
            "all-entries", "before-invocation");

    /**
     * Checks the rule values that do not depend on the method (durations, booleans, numbers)
     * now, so that {@code cachet.fail-fast} can refuse them at start-up; templates are checked
     * against each matched method when its class loads.
     */
    private static void checkRuleValues(String family, String id, Map<String, String> props, ConfigProblems problems) {
        props.forEach((prop, raw) -> {
            String key = "cachet." + family + "." + id + "." + prop;
            String v = raw.trim();
            if (DURATIONS.contains(prop) && !v.isEmpty()) {
                try {
                    Durations.parsePositive(v);
                } catch (IllegalArgumentException e) {
                    problems.badValue(key, v, e.getMessage());
                }
            } else if (BOOLEANS.contains(prop) && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                problems.badValue(key, v, "not a boolean (use true or false)");
            } else if (prop.equals("mode") && !CacheModes.MODES.contains(v)) {
                problems.badValue(key, v, "not a mode (use " + String.join(", ", CacheModes.MODES) + ")");
            } else if (prop.equals("shadow-equality") && !CacheModes.EQUALITIES.contains(v)) {
                problems.badValue(key, v, "not an equality (use " + String.join(", ", CacheModes.EQUALITIES) + ")");
            } else if (prop.equals("jitter") || prop.equals("early-refresh-beta") || prop.equals("verify-rate")) {
                double max = prop.equals("early-refresh-beta") ? 100 : 1;
                try {
                    double d = Double.parseDouble(v);
                    if (d < 0 || d > max) {
                        problems.badValue(key, v, "not a number from 0 to " + (int) max);
                    }
                } catch (NumberFormatException e) {
                    problems.badValue(key, v, "not a number from 0 to " + (int) max);
                }
            }
        });
    }

    private static String suggestion(String key) {
        List<String> candidates = new ArrayList<>(KNOWN);
        Matcher m = Pattern.compile("cachet\\.([a-z\\-]+)\\.([^.]+)\\.(.+)").matcher(key);
        if (m.matches()) {
            for (Map.Entry<String, Set<String>> family : RULE_PROPERTIES.entrySet()) {
                for (String prop : new TreeSet<>(family.getValue())) {
                    candidates.add("cachet." + family.getKey() + "." + m.group(2) + "." + prop);
                }
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(key, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(3, key.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether Redis is configured at all; without it the agent runs in local mode. */
    public boolean redisConfigured() {
        return redisAddress != null || redisConfigFile != null;
    }

    public String redisAddress() {
        return redisAddress;
    }

    public Path redisConfigFile() {
        return redisConfigFile;
    }

    public Duration redisTimeout() {
        return redisTimeout;
    }

    public Duration redisConnectTimeout() {
        return redisConnectTimeout;
    }

    /** Environment prefix, {@code ""} when none; otherwise ends without a separator. */
    public String keyPrefix() {
        return keyPrefix;
    }

    public Duration defaultTtl() {
        return defaultTtl;
    }

    public boolean nearEnabled() {
        return nearEnabled;
    }

    public int nearMaxEntries() {
        return nearMaxEntries;
    }

    /** The longest an entry stays in a near cache without being read from Redis again. */
    public Duration nearTtl() {
        return nearTtl;
    }

    public boolean failFast() {
        return failFast;
    }

    public AgentLog.Level logLevel() {
        return logLevel;
    }

    public int circuitFailureThreshold() {
        return circuitFailureThreshold;
    }

    public Duration circuitOpenDuration() {
        return circuitOpenDuration;
    }

    public List<String> allowedPackages() {
        return allowedPackages;
    }

    public int compressAbove() {
        return compressAbove;
    }

    /** Rules of every family, in the order their ids first appear. */
    public List<MethodRule> rules() {
        return rules;
    }

    /**
     * How long a version counter lives after its last bump. Entries live at most this long
     * (longer TTLs are cut to it), so that no entry can outlive the counter that invalidates it.
     */
    public Duration retention() {
        return retention;
    }

    /**
     * How many replicas of each master must have an eviction's counter bumps before the
     * eviction counts as done (Redis {@code WAIT}); 0 trusts the master's acknowledgement alone.
     * A bump that only the master has is lost when the master dies and a replica takes over.
     */
    public int waitReplicas() {
        return waitReplicas;
    }

    /**
     * How long a JVM holds the lease to load an entry for the whole cluster; a holder that dies
     * or stalls loses it after this, and another caller proceeds.
     */
    public Duration leaseDuration() {
        return leaseDuration;
    }

    /** The properties file to watch for changes, when {@code cachet.config.watch=true}; else {@code null}. */
    public Path watchedFile() {
        return watch ? configFile : null;
    }

    /** When a rule that has matched no method by then is reported: "after start-up". */
    public Duration unmatchedWarningAfter() {
        return unmatchedWarningAfter;
    }

    /** The longest a caller waits for another's load before running the method itself. */
    public Duration leaseWait() {
        return leaseWait;
    }

    /** The port of the metrics endpoint and status page; 0 when {@code cachet.metrics.port} is not set. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The address the metrics endpoint listens on: loopback unless configured otherwise. */
    public String metricsBind() {
        return metricsBind;
    }

    /** Whether cache statistics are published as JMX beans. */
    public boolean metricsJmx() {
        return metricsJmx;
    }

    /** Whether the status page may evict ({@code POST /api/evict}). Off by default: see the README. */
    public boolean adminEnabled() {
        return adminEnabled;
    }

    /**
     * A Redis address for log lines: the password, if any, replaced by {@code ***}. As for
     * Redisson and redis-cli, user info without a colon is a password, not a user name; and the
     * user info runs to the last {@code @}, since generated passwords contain {@code /} and
     * {@code @} too.
     */
    public static String maskPassword(String address) {
        if (address == null) {
            return null;
        }
        Matcher m = USER_INFO.matcher(address);
        if (!m.find()) {
            return address;
        }
        int colon = m.group(2).indexOf(':');
        String user = colon < 0 ? "" : m.group(2).substring(0, colon + 1);
        return m.group(1) + user + "***@" + address.substring(m.end());
    }

    /** Typed reads that report a bad value and fall back to the default. */
    private static final class Reader {
        private final Map<String, String> values;
        private final ConfigProblems problems;

        Reader(Map<String, String> values, ConfigProblems problems) {
            this.values = values;
            this.problems = problems;
        }

        private String raw(String key) {
            String v = values.get(key);
            return v == null ? null : v.trim();
        }

        boolean bool(String key, boolean def) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return def;
            }
            switch (v.toLowerCase(Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default:
                    problems.badValue(key, v, "not a boolean (use true or false)");
                    return def;
            }
        }

        int positiveInt(String key, int def) {
            return wholeNumber(key, def, 1, "not a positive whole number");
        }

        int nonNegativeInt(String key, int def) {
            return wholeNumber(key, def, 0, "not a whole number of 0 or more");
        }

        private int wholeNumber(String key, int def, int min, String problem) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                int n = Integer.parseInt(v);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.badValue(key, v, problem);
            return def;
        }

        Duration positiveDuration(String key, Duration def) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                return Durations.parsePositive(v);
            } catch (IllegalArgumentException e) {
                problems.badValue(key, v, e.getMessage());
                return def;
            }
        }

        AgentLog.Level level(String key, AgentLog.Level def) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return def;
            }
            try {
                return AgentLog.parseLevel(v);
            } catch (IllegalArgumentException e) {
                problems.badValue(key, v, "not a log level (use " + Arrays.toString(AgentLog.Level.values()) + ")");
                return def;
            }
        }

        String redisAddress(String key) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            try {
                URI uri = new URI(v);
                if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))
                        && uri.getHost() != null && uri.getPort() > 0) {
                    return v;
                }
            } catch (Exception ignored) {
                // reported below
            }
            problems.badValue(key, maskPassword(v), "not a Redis address (use redis://host:port or rediss://user:password@host:port)");
            return null;
        }

        Path existingFile(String key) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return null;
            }
            Path p = Paths.get(v);
            if (!Files.isReadable(p)) {
                problems.badValue(key, v, "no readable file there");
                return null;
            }
            return p;
        }

        int port(String key) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return 0;
            }
            try {
                int n = Integer.parseInt(v);
                if (n > 0 && n <= 65535) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problems.badValue(key, v, "not a TCP port (1 to 65535)");
            return 0;
        }

        String string(String key, String def) {
            String v = raw(key);
            return v == null || v.isEmpty() ? def : v;
        }

        String keyPrefix(String key) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return "";
            }
            if (!PREFIX_SYNTAX.matcher(v).matches()) {
                problems.badValue(key, v, "a key prefix is 1 to 64 of A-Z a-z 0-9 . _ -");
                return "";
            }
            return v;
        }

        List<String> list(String key) {
            String v = raw(key);
            if (v == null || v.isEmpty()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return Collections.unmodifiableList(out);
        }
    }
}
