package io.cachet.agent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings and rules, validated. A bad value is reported through
 * {@link ConfigProblems} and replaced by its default; it never stops the application (unless
 * {@code cachet.fail-fast}). Which keys exist, their defaults and how they are read is
 * {@link Settings}' and {@link RuleFamily}'s business.
 */
public final class CachetConfig {

    /** {@code cachet.<family>.<id>.<property>}: method rules for code the user cannot annotate. */
    private static final Pattern RULE_KEY = Pattern.compile("cachet\\.(cache|evict|write-through)\\.([^.]+)\\.(.+)");
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*://)(.*)@");
    private static final String REDIS_KEYS = "cachet.redis.";

    private final Map<Setting<?>, Object> values;
    private final List<MethodRule> rules;
    private final String redisUnusable;

    private CachetConfig(Map<String, String> raw, ConfigProblems problems) {
        Map<Setting<?>, Object> read = new HashMap<>();
        for (Setting<?> s : Settings.ALL) {
            read.put(s, s.read(raw.get(s.key()), problems));
        }
        this.values = read;
        this.rules = readRules(raw, problems);
        this.redisUnusable = redisUnusable(raw, problems);
    }

    /** Reads and validates {@code values}; problems are added to {@code problems}. */
    public static CachetConfig from(Map<String, String> values, ConfigProblems problems) {
        return new CachetConfig(values, problems);
    }

    /** The value of {@code setting}: as configured, or its default ({@code null} for "none"). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** Whether Redis is configured and usable; without it the agent runs in local mode, or not at all. */
    public boolean redisConfigured() {
        return get(Settings.REDIS_ADDRESS) != null || get(Settings.REDIS_CONFIG) != null;
    }

    /**
     * Why Redis was asked for but cannot be used (a bad address, a file that is not there, a
     * misspelled key), or {@code null}. Such a JVM must not fall back to local mode: other JVMs'
     * evictions would never reach its in-process cache, and it would serve stale data.
     */
    public String redisUnusable() {
        return redisUnusable;
    }

    /** Rules of every family, in the order their ids first appear. */
    public List<MethodRule> rules() {
        return rules;
    }

    /** The properties file to watch for changes, when {@code cachet.config.watch=true}; else {@code null}. */
    public Path watchedFile() {
        return get(Settings.WATCH) ? get(Settings.CONFIG_FILE) : null;
    }

    private String redisUnusable(Map<String, String> raw, ConfigProblems problems) {
        if (redisConfigured()) {
            return null;
        }
        List<String> asked = new ArrayList<>();
        for (String key : raw.keySet()) {
            boolean names = key.equals(Settings.REDIS_ADDRESS.key()) || key.equals(Settings.REDIS_CONFIG.key());
            if (names && !raw.get(key).isBlank() || key.startsWith(REDIS_KEYS) && Settings.named(key) == null) {
                asked.add(key);
            }
        }
        if (asked.isEmpty()) {
            return null;
        }
        String key = asked.get(0);
        for (String p : problems.all()) {
            if (p.startsWith(key + "=") || p.startsWith("unknown key " + key + " ") || p.equals("unknown key " + key)) {
                return p;
            }
        }
        return "no usable " + Settings.REDIS_ADDRESS.key() + " or " + Settings.REDIS_CONFIG.key() + " (" + String.join(", ", asked) + " given)";
    }

    static List<String> knownKeys() {
        List<String> out = new ArrayList<>();
        for (Setting<?> s : Settings.ALL) {
            out.add(s.key());
        }
        return out;
    }

    /** For a rule key ({@code cachet.cache.<id>.x}), every property key of that rule; else none. */
    static List<String> ruleSiblings(String key) {
        Matcher m = RULE_KEY.matcher(key);
        if (!m.matches()) {
            return List.of();
        }
        return propertiesOf(RuleFamily.byPrefix(m.group(1)), m.group(2));
    }

    private static List<String> propertiesOf(RuleFamily family, String id) {
        List<String> out = new ArrayList<>();
        out.add("cachet." + family.prefix() + "." + id + "." + RuleFamily.METHOD);
        for (Attribute<?> a : family.attributes()) {
            out.add("cachet." + family.prefix() + "." + id + "." + a.property());
        }
        Collections.sort(out);
        return out;
    }

    private static List<MethodRule> readRules(Map<String, String> values, ConfigProblems problems) {
        Map<String, Map<String, String>> entries = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (Settings.named(key) != null) {
                continue;
            }
            Matcher m = RULE_KEY.matcher(key);
            if (m.matches() && RuleFamily.byPrefix(m.group(1)).takes(m.group(3))) {
                entries.computeIfAbsent(m.group(1) + "\u0000" + m.group(2), id -> new LinkedHashMap<>())
                        .put(m.group(3), e.getValue());
                continue;
            }
            problems.add("unknown key " + key + suggestion(key));
        }
        List<MethodRule> rules = new ArrayList<>();
        entries.forEach((familyAndId, props) -> {
            String[] parts = familyAndId.split("\u0000", 2);
            MethodRule rule = MethodRule.parse(RuleFamily.byPrefix(parts[0]), parts[1], props, problems);
            if (rule != null) {
                rules.add(rule);
            }
        });
        return Collections.unmodifiableList(rules);
    }

    private static String suggestion(String key) {
        List<String> candidates = knownKeys();
        Matcher m = Pattern.compile("cachet\\.([a-z\\-]+)\\.([^.]+)\\.(.+)").matcher(key);
        if (m.matches()) {
            for (RuleFamily family : RuleFamily.values()) {
                candidates.addAll(propertiesOf(family, m.group(2)));
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
}
