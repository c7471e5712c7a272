package io.cachet.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code cachet.<family>.<id>.*} entry: the methods it names and the attributes it gives them,
 * read and checked when the configuration is (templates, which depend on the method, are
 * checked against each matched method's signature, exactly like annotation attributes).
 */
public final class MethodRule {

    private final RuleFamily family;
    private final String id;
    private final MethodPattern pattern;
    private final AttributeValues values;

    private MethodRule(RuleFamily family, String id, MethodPattern pattern, AttributeValues values) {
        this.family = family;
        this.id = id;
        this.pattern = pattern;
        this.values = values;
    }

    /**
     * A bad attribute value is reported now (so that {@code cachet.fail-fast} can refuse it) and
     * again for each method the rule matches, which then runs uncached; a rule without a usable
     * method pattern is reported and dropped.
     *
     * @return the rule, or {@code null} after reporting why there is none
     */
    static MethodRule parse(RuleFamily family, String id, Map<String, String> properties, ConfigProblems problems) {
        String methodKey = key(family, id, RuleFamily.METHOD);
        Map<Attribute<?>, Object> values = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        properties.forEach((property, raw) -> {
            Attribute<?> a = family.attribute(property);
            if (a == null) {
                return;
            }
            try {
                values.put(a, a.parse(raw));
            } catch (IllegalArgumentException e) {
                problems.badValue(key(family, id, property), raw.trim(), e.getMessage());
                invalid.add(property + "=\"" + raw.trim() + "\": " + e.getMessage());
            }
        });
        String method = properties.get(RuleFamily.METHOD);
        if (method == null || method.isBlank()) {
            problems.add(methodKey + " is missing: cachet." + family.prefix() + "." + id + ".* names no method");
            return null;
        }
        try {
            MethodPattern pattern = MethodPattern.parse(method);
            return new MethodRule(family, id, pattern, AttributeValues.of(key(family, id, "*"), values, invalid.isEmpty() ? null : invalid.get(0)));
        } catch (IllegalArgumentException e) {
            problems.badValue(methodKey, method, e.getMessage());
            return null;
        }
    }

    public RuleFamily family() {
        return family;
    }

    public String id() {
        return id;
    }

    public MethodPattern pattern() {
        return pattern;
    }

    /** The attributes this rule sets; its {@link AttributeValues#source} is {@code cachet.<family>.<id>.*}. */
    public AttributeValues values() {
        return values;
    }

    /** The full key of one of this rule's properties, for messages. */
    public String keyOf(String property) {
        return key(family, id, property);
    }

    private static String key(RuleFamily family, String id, String property) {
        return "cachet." + family.prefix() + "." + id + "." + property;
    }
}
