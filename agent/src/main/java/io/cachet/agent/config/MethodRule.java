package io.cachet.agent.config;

import java.util.Map;

/**
 * A {@code cachet.cache.<id>.*} entry: the methods it names and the {@code @Cached} attributes
 * it gives them, as written (validated later, against each matched method's signature, exactly
 * like annotation attributes).
 */
public final class MethodRule {

    private final String id;
    private final MethodPattern pattern;
    private final Map<String, String> attributes;

    private MethodRule(String id, MethodPattern pattern, Map<String, String> attributes) {
        this.id = id;
        this.pattern = pattern;
        this.attributes = attributes;
    }

    /** @return the rule, or {@code null} after reporting why there is none */
    static MethodRule parse(String id, Map<String, String> properties, ConfigProblems problems) {
        String key = "cachet.cache." + id + ".method";
        String method = properties.get("method");
        if (method == null || method.isBlank()) {
            problems.add(key + " is missing: cachet.cache." + id + ".* names no method to cache");
            return null;
        }
        try {
            return new MethodRule(id, MethodPattern.parse(method), Map.copyOf(properties));
        } catch (IllegalArgumentException e) {
            problems.badValue(key, method, e.getMessage());
            return null;
        }
    }

    public String id() {
        return id;
    }

    public MethodPattern pattern() {
        return pattern;
    }

    /** Attribute values keyed by property name ({@code ttl}, {@code cache-nulls}, ...). */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The full key of one of this rule's properties, for messages. */
    public String keyOf(String property) {
        return "cachet.cache." + id + "." + property;
    }
}
