package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.bytebuddy.description.annotation.AnnotationDescription;

/**
 * The {@code @Cached} attributes of one method as written, from its annotation, from a
 * {@code cachet.cache.<id>.*} rule, or both (the rule's attributes win, so operators can retune
 * a TTL without a rebuild). Validation against the method happens in {@link CachedMethodFactory}.
 */
final class CacheSpec {

    static final String CACHED = "io.cachet.annotations.Cached";

    /** Where the attributes came from, for messages: {@code @Cached} or the rule's key prefix. */
    String source = "@Cached";
    String ttl = "";
    List<String> tags = List.of();
    String name = "";
    String key = "";
    boolean cacheNulls = true;
    double jitter = 0.1;
    String staleWhileRevalidate = "";
    boolean slidingTtl;
    boolean near;
    /** Collapse concurrent misses into one load (config only: {@code cachet.cache.<id>.single-flight}). */
    boolean singleFlight = true;
    /** XFetch's beta; 0 = off (config only: {@code cachet.cache.<id>.early-refresh-beta}). */
    double earlyRefreshBeta;
    /** {@code normal}, {@code shadow} or {@code verify-sample} (see {@code CacheModes}). */
    String mode = "";
    /** The fraction of calls verified in {@code verify-sample} mode. */
    double verifyRate = 0.01;
    /** How shadow results are compared (config only: {@code cachet.cache.<id>.shadow-equality}). */
    String shadowEquality = "";

    /**
     * Reads the annotation's explicit values. A value that cannot be read (the annotation jar
     * is not visible to the type pool, so defaults cannot be resolved) keeps our own default,
     * which mirrors the annotation's.
     */
    static CacheSpec fromAnnotation(AnnotationDescription a) {
        CacheSpec s = new CacheSpec();
        s.ttl = read(a, "ttl", String.class, s.ttl);
        String[] tags = read(a, "tags", String[].class, null);
        s.tags = tags == null ? List.of() : Arrays.asList(tags);
        s.name = read(a, "name", String.class, s.name);
        s.key = read(a, "key", String.class, s.key);
        s.cacheNulls = read(a, "cacheNulls", Boolean.class, s.cacheNulls);
        s.jitter = read(a, "jitter", Double.class, s.jitter);
        s.staleWhileRevalidate = read(a, "staleWhileRevalidate", String.class, s.staleWhileRevalidate);
        s.slidingTtl = read(a, "slidingTtl", Boolean.class, s.slidingTtl);
        s.near = read(a, "near", Boolean.class, s.near);
        s.mode = read(a, "mode", String.class, s.mode);
        s.verifyRate = read(a, "verifyRate", Double.class, s.verifyRate);
        return s;
    }

    private static <T> T read(AnnotationDescription a, String property, Class<T> type, T fallback) {
        try {
            Object v = a.getValue(property).resolve();
            return type.isInstance(v) ? type.cast(v) : fallback;
        } catch (RuntimeException unresolvable) {
            return fallback;
        }
    }

    /**
     * The attributes of {@code rule} laid over these.
     *
     * @param problems receives one line per attribute value that is not valid
     */
    CacheSpec overriddenBy(MethodRule rule, List<String> problems) {
        CacheSpec s = copy();
        s.source = rule.keyOf("*");
        for (Map.Entry<String, String> e : rule.attributes().entrySet()) {
            String v = e.getValue().trim();
            switch (e.getKey()) {
                case "ttl": s.ttl = v; break;
                case "tags": s.tags = splitList(v); break;
                case "name": s.name = v; break;
                case "key": s.key = v; break;
                case "cache-nulls": s.cacheNulls = bool(rule, e.getKey(), v, s.cacheNulls, problems); break;
                case "jitter": s.jitter = number(rule, e.getKey(), v, s.jitter, 1, problems); break;
                case "stale-while-revalidate": s.staleWhileRevalidate = v; break;
                case "sliding-ttl": s.slidingTtl = bool(rule, e.getKey(), v, s.slidingTtl, problems); break;
                case "near": s.near = bool(rule, e.getKey(), v, s.near, problems); break;
                case "single-flight": s.singleFlight = bool(rule, e.getKey(), v, s.singleFlight, problems); break;
                case "early-refresh-beta": s.earlyRefreshBeta = number(rule, e.getKey(), v, s.earlyRefreshBeta, 100, problems); break;
                case "mode": s.mode = v; break;
                case "verify-rate": s.verifyRate = number(rule, e.getKey(), v, s.verifyRate, 1, problems); break;
                case "shadow-equality": s.shadowEquality = v; break;
                default: break; // "method", consumed by matching
            }
        }
        return s;
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    static boolean bool(MethodRule rule, String prop, String v, boolean def, List<String> problems) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default:
                problems.add(rule.keyOf(prop) + "=" + v + ": not a boolean (use true or false)");
                return def;
        }
    }

    /** A number from 0 to {@code max}; anything else is reported and the default kept. */
    private static double number(MethodRule rule, String prop, String v, double def, double max, List<String> problems) {
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= max) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(rule.keyOf(prop) + "=" + v + ": not a number from 0 to " + (max == 1 ? "1" : String.valueOf((int) max)));
        return def;
    }

    private CacheSpec copy() {
        CacheSpec s = new CacheSpec();
        s.source = source;
        s.ttl = ttl;
        s.tags = tags;
        s.name = name;
        s.key = key;
        s.cacheNulls = cacheNulls;
        s.jitter = jitter;
        s.staleWhileRevalidate = staleWhileRevalidate;
        s.slidingTtl = slidingTtl;
        s.near = near;
        s.singleFlight = singleFlight;
        s.earlyRefreshBeta = earlyRefreshBeta;
        s.mode = mode;
        s.verifyRate = verifyRate;
        s.shadowEquality = shadowEquality;
        return s;
    }
}
