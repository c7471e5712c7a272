package io.cachet.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * The three kinds of method a rule or an annotation can make of a method, each with the
 * attributes it takes: {@code cachet.cache.<id>.*} / {@code @Cached}, {@code cachet.evict.<id>.*}
 * / {@code @Evicts}, {@code cachet.write-through.<id>.*} / {@code @WriteThrough}. Adding an
 * attribute is one line here, then reading it where it takes effect.
 */
public enum RuleFamily {

    CACHE("cache", Cache.ALL),
    EVICT("evict", Evict.ALL),
    WRITE_THROUGH("write-through", WriteThrough.ALL);

    /** The property every rule has: the methods it names. */
    public static final String METHOD = "method";

    /** The attributes of {@code @Cached} and {@code cachet.cache.<id>.*}. */
    public static final class Cache {
        public static final Attribute<Duration> TTL = Attribute.of("ttl", "ttl", Parser.POSITIVE_DURATION, null);
        public static final Attribute<List<String>> TAGS = Attribute.of("tags", "tags", Parser.LIST, List.of());
        public static final Attribute<String> NAME = Attribute.of("name", "name", Parser.TEXT, null);
        public static final Attribute<String> KEY = Attribute.of("key", "key", Parser.TEXT, null);
        public static final Attribute<Boolean> CACHE_NULLS = Attribute.of("cacheNulls", "cache-nulls", Parser.BOOLEAN, true);
        public static final Attribute<Double> JITTER = Attribute.of("jitter", "jitter", Parser.number(0, 1), 0.1);
        public static final Attribute<Duration> STALE_WHILE_REVALIDATE = Attribute.of("staleWhileRevalidate",
                "stale-while-revalidate", Parser.POSITIVE_DURATION, Duration.ZERO);
        public static final Attribute<Boolean> SLIDING_TTL = Attribute.of("slidingTtl", "sliding-ttl", Parser.BOOLEAN, false);
        public static final Attribute<Boolean> NEAR = Attribute.of("near", "near", Parser.BOOLEAN, false);
        public static final Attribute<Boolean> SINGLE_FLIGHT = Attribute.ruleOnly("single-flight", Parser.BOOLEAN, true);
        public static final Attribute<Double> EARLY_REFRESH_BETA = Attribute.ruleOnly("early-refresh-beta", Parser.number(0, 100), 0.0);
        public static final Attribute<CacheMode> MODE = Attribute.of("mode", "mode", Parser.oneOf(CacheMode.class, "a mode"), CacheMode.NORMAL);
        public static final Attribute<Double> VERIFY_RATE = Attribute.of("verifyRate", "verify-rate", Parser.number(0, 1), 0.01);
        public static final Attribute<ShadowEquality> SHADOW_EQUALITY = Attribute.ruleOnly("shadow-equality",
                Parser.oneOf(ShadowEquality.class, "an equality"), ShadowEquality.AUTO);

        static final List<Attribute<?>> ALL = List.of(TTL, TAGS, NAME, KEY, CACHE_NULLS, JITTER, STALE_WHILE_REVALIDATE,
                SLIDING_TTL, NEAR, SINGLE_FLIGHT, EARLY_REFRESH_BETA, MODE, VERIFY_RATE, SHADOW_EQUALITY);

        private Cache() {
        }
    }

    /** The attributes of {@code @Evicts} and {@code cachet.evict.<id>.*}. */
    public static final class Evict {
        public static final Attribute<List<String>> TAGS = Attribute.of("tags", "tags", Parser.LIST, List.of());
        public static final Attribute<String> CACHE = Attribute.of("cache", "cache", Parser.TEXT, null);
        public static final Attribute<String> KEY = Attribute.of("key", "key", Parser.TEXT, null);
        public static final Attribute<Boolean> ALL_ENTRIES = Attribute.of("allEntries", "all-entries", Parser.BOOLEAN, false);
        public static final Attribute<Boolean> BEFORE_INVOCATION = Attribute.of("beforeInvocation", "before-invocation",
                Parser.BOOLEAN, false);

        static final List<Attribute<?>> ALL = List.of(TAGS, CACHE, KEY, ALL_ENTRIES, BEFORE_INVOCATION);

        private Evict() {
        }
    }

    /** The attributes of {@code @WriteThrough} and {@code cachet.write-through.<id>.*}. */
    public static final class WriteThrough {
        public static final Attribute<String> CACHE = Attribute.of("cache", "cache", Parser.TEXT, null);
        public static final Attribute<String> KEY = Attribute.of("key", "key", Parser.TEXT, null);

        static final List<Attribute<?>> ALL = List.of(CACHE, KEY);

        private WriteThrough() {
        }
    }

    private final String prefix;
    private final List<Attribute<?>> attributes;

    RuleFamily(String prefix, List<Attribute<?>> attributes) {
        this.prefix = prefix;
        this.attributes = attributes;
    }

    /** {@code cache}, {@code evict} or {@code write-through}, as in {@code cachet.<prefix>.<id>.*}. */
    public String prefix() {
        return prefix;
    }

    public List<Attribute<?>> attributes() {
        return attributes;
    }

    /** The attribute set by {@code property}, or {@code null}. */
    Attribute<?> attribute(String property) {
        for (Attribute<?> a : attributes) {
            if (a.property().equals(property)) {
                return a;
            }
        }
        return null;
    }

    /** Whether {@code property} is one a rule of this family may have. */
    boolean takes(String property) {
        return property.equals(METHOD) || attribute(property) != null;
    }

    static RuleFamily byPrefix(String prefix) {
        for (RuleFamily f : values()) {
            if (f.prefix.equals(prefix)) {
                return f;
            }
        }
        return null;
    }
}
