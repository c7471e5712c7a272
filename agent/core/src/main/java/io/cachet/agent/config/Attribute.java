package io.cachet.agent.config;

import java.util.Arrays;
import java.util.List;

/**
 * One attribute of a caching, evicting or writing-through method, as the annotation member and
 * the rule property that both set it ({@code @Cached(cacheNulls)} and
 * {@code cachet.cache.<id>.cache-nulls}), with the one parser both are read with and the default
 * both fall back to. The attributes of each kind of method are listed in {@link RuleFamily}.
 *
 * @param <T> the value's type
 */
public final class Attribute<T> {

    private final String member;
    private final String property;
    private final Parser<T> parser;
    private final T defaultValue;

    private Attribute(String member, String property, Parser<T> parser, T defaultValue) {
        this.member = member;
        this.property = property;
        this.parser = parser;
        this.defaultValue = defaultValue;
    }

    /** An attribute of both the annotation ({@code member}) and rules ({@code property}). */
    static <T> Attribute<T> of(String member, String property, Parser<T> parser, T defaultValue) {
        return new Attribute<>(member, property, parser, defaultValue);
    }

    /** An attribute only rules can set. */
    static <T> Attribute<T> ruleOnly(String property, Parser<T> parser, T defaultValue) {
        return new Attribute<>(null, property, parser, defaultValue);
    }

    /** The annotation member, or {@code null} when only a rule can set it. */
    public String member() {
        return member;
    }

    /** The rule property, as in {@code cachet.cache.<id>.<property>}. */
    public String property() {
        return property;
    }

    /** The value when neither the annotation nor a rule sets it; {@code null} for "the configured default". */
    public T defaultValue() {
        return defaultValue;
    }

    /**
     * Reads a rule's text for this attribute.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    T parse(String text) {
        return parser.parse(text.trim());
    }

    /**
     * Reads an annotation member's value: an empty string means "not set" (the annotation's own
     * default), an array is a list; anything else is checked by the same parser as a rule's text.
     *
     * @return the value, or {@code null} when not set
     * @throws IllegalArgumentException as {@code ttl="5x": not a duration (...)}
     */
    @SuppressWarnings("unchecked")
    T fromAnnotation(Object value) {
        if (value instanceof String[]) {
            return (T) List.copyOf(Arrays.asList((String[]) value));
        }
        String text = String.valueOf(value);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            String shown = value instanceof String ? "\"" + text + "\"" : text;
            throw new IllegalArgumentException(member + "=" + shown + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return property;
    }
}
