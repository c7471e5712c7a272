package io.cachet.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The attributes one annotation or rule gives a method, as written there; those it does not set
 * fall back to their {@link Attribute#defaultValue}. Immutable.
 */
public final class AttributeValues {

    private final String source;
    private final Map<Attribute<?>, Object> values;
    /** What is wrong with a value the source gave, as {@code ttl="5x": not a duration (...)}; or {@code null}. */
    private final String problem;

    private AttributeValues(String source, Map<Attribute<?>, Object> values, String problem) {
        this.source = source;
        this.values = values;
        this.problem = problem;
    }

    /** None set yet, from {@code source} ({@code @Cached}, or a rule's {@code cachet.cache.<id>.*}). */
    public static AttributeValues none(String source) {
        return new AttributeValues(source, Map.of(), null);
    }

    /**
     * Reads an annotation's members ({@code read} returns a member's value, or {@code null} when
     * it cannot be resolved, and its default then applies).
     *
     * @throws IllegalArgumentException as {@code ttl="5x": not a duration (...)}
     */
    public static AttributeValues fromAnnotation(String source, RuleFamily family, Function<String, Object> read) {
        Map<Attribute<?>, Object> values = new LinkedHashMap<>();
        for (Attribute<?> a : family.attributes()) {
            if (a.member() == null) {
                continue;
            }
            Object raw = read.apply(a.member());
            Object value = raw == null ? null : a.fromAnnotation(raw);
            if (value != null) {
                values.put(a, value);
            }
        }
        return new AttributeValues(source, Map.copyOf(values), null);
    }

    /** @param problem what is wrong with one of the values the source gave (left out of {@code values}), or {@code null} */
    static AttributeValues of(String source, Map<Attribute<?>, Object> values, String problem) {
        return new AttributeValues(source, Map.copyOf(values), problem);
    }

    /** Where these came from, for messages: {@code @Cached} or a rule's {@code cachet.cache.<id>.*}. */
    public String source() {
        return source;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Attribute<T> attribute) {
        Object v = values.get(attribute);
        return v == null ? attribute.defaultValue() : (T) v;
    }

    public boolean isSet(Attribute<?> attribute) {
        return values.containsKey(attribute);
    }

    /**
     * A method must not be instrumented with a value its source got wrong: it then runs uncached
     * (or without its evictions), and the instrumentation report says why.
     *
     * @throws IllegalArgumentException as {@code ttl="5x": not a duration (...)}
     */
    public void requireValid() {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** These with {@code over}'s values laid on top: a rule's attributes win over the annotation's. */
    public AttributeValues overriddenBy(AttributeValues over) {
        Map<Attribute<?>, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(over.values);
        return new AttributeValues(over.source, Map.copyOf(merged), over.problem != null ? over.problem : problem);
    }
}
