package io.cachet.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Merges the configuration sources in the contract's order, highest first: the agent argument
 * string, {@code -Dcachet.*} system properties, {@code CACHET_*} environment variables, the
 * properties file, then defaults (applied by {@link CachetConfig}).
 *
 * <p>Environment names lose the difference between {@code .}, {@code -} and case, so they
 * cannot be mapped back to keys on their own; instead each candidate key (every known setting,
 * every key another source names, and every property of each rule another source names) is
 * turned into its environment name and looked up.
 */
public final class ConfigSources {

    static final String FILE_KEY = Settings.CONFIG_FILE.key();

    private ConfigSources() {
    }

    /** Keys with their winning values, in a stable order. */
    public static Map<String, String> merge(String agentArgs, Map<String, String> systemProperties,
                                            Map<String, String> env, ConfigProblems problems) {
        Map<String, String> args = parseAgentArgs(agentArgs, problems);
        Map<String, String> sys = new LinkedHashMap<>();
        systemProperties.forEach((k, v) -> {
            if (k.startsWith("cachet.")) {
                sys.put(k, v);
            }
        });
        String file = firstNonNull(args.get(FILE_KEY), sys.get(FILE_KEY), env.get(envName(FILE_KEY)));
        Map<String, String> fromFile = file == null ? Map.of() : readFile(file, problems);

        Map<String, String> merged = new LinkedHashMap<>(fromFile);
        Set<String> candidates = new LinkedHashSet<>(CachetConfig.knownKeys());
        for (Map<String, String> source : List.of(fromFile, sys, args)) {
            for (String key : source.keySet()) {
                candidates.add(key);
                candidates.addAll(CachetConfig.ruleSiblings(key));
            }
        }
        for (String key : candidates) {
            putEnv(merged, env, key);
        }
        merged.putAll(sys);
        merged.putAll(args);
        if (file != null) {
            merged.put(FILE_KEY, file);
        }
        return merged;
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void putEnv(Map<String, String> merged, Map<String, String> env, String key) {
        String v = env.get(envName(key));
        if (v != null) {
            merged.put(key, v);
        }
    }

    /**
     * {@code config=/path,redis.address=redis://h:6379,cachet.key.prefix=prod}: comma-separated
     * pairs; the {@code cachet.} prefix is optional.
     */
    static Map<String, String> parseAgentArgs(String agentArgs, ConfigProblems problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        for (String pair : agentArgs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                problems.add("agent argument '" + pair + "' is not key=value");
                continue;
            }
            String key = pair.substring(0, eq).trim();
            out.put(key.startsWith("cachet.") ? key : "cachet." + key, pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static Map<String, String> readFile(String file, ConfigProblems problems) {
        Path path = Paths.get(file);
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            problems.badValue(FILE_KEY, file, "cannot read the file (" + e.getClass().getSimpleName() + ")");
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            out.put(name.trim(), stripComment(props.getProperty(name)));
        }
        return out;
    }

    /**
     * Properties files have no trailing comments, but the contract's example writes
     * {@code key=value   # note}; a {@code #} after white space ends the value.
     */
    private static String stripComment(String value) {
        int i = value.indexOf(" #");
        int t = value.indexOf("\t#");
        int cut = i < 0 ? t : (t < 0 ? i : Math.min(i, t));
        return (cut < 0 ? value : value.substring(0, cut)).trim();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
