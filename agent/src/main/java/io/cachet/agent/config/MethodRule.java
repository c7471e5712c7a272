package io.cachet.agent.config;

import java.util.Map;

/**
 * A {@code cachet.<family>.<id>.*} entry ({@code cache}, {@code evict} or {@code write-through}):
 * the methods it names and the annotation attributes it gives them, as written (validated
 * later, against each matched method's signature, exactly like annotation attributes).
 */
public final class MethodRule {

    private final String family;
    private final String id;
    private final MethodPattern pattern;
    private final Map<String, String> attributes;

    private MethodRule(String family, String id, MethodPattern pattern, Map<String, String> attributes) {
        this.family = family;
        this.id = id;
        this.pattern = pattern;
        this.attributes = attributes;
    }

    /** @return the rule, or {@code null} after reporting why there is none */
    static MethodRule parse(String family, String id, Map<String, String> properties, ConfigProblems problems) {
        String key = "cachet." + family + "." + id + ".method";
        String method = properties.get("method");
        if (method == null || method.isBlank()) {
            problems.add(key + " is missing: cachet." + family + "." + id + ".* names no method");
            return null;
        }
        try {
            return new MethodRule(family, id, MethodPattern.parse(method), Map.copyOf(properties));
        } catch (IllegalArgumentException e) {
            problems.badValue(key, method, e.getMessage());
            return null;
        }
    }

    /** {@code cache}, {@code evict} or {@code write-through}. */
    public String family() {
        return family;
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
        return "cachet." + family + "." + id + "." + property;
    }
}
