package io.cachet.agent.config;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One configuration key: its name, its default, how its text is read, and what it means. The
 * {@link Settings} table of them drives the known keys, "did you mean", validation and every
 * read of a value; the README's configuration table is checked against it.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    private final String key;
    private final T defaultValue;
    private final Parser<T> parser;
    private final String meaning;
    /** How a bad value is shown in a problem line: as written, or with its password masked. */
    private final UnaryOperator<String> shown;

    Setting(String key, T defaultValue, Parser<T> parser, String meaning, UnaryOperator<String> shown) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.meaning = meaning;
        this.shown = shown;
    }

    public String key() {
        return key;
    }

    /** The value when the key is not set, or {@code null} for "none". */
    public T defaultValue() {
        return defaultValue;
    }

    /** What the key does, for the README's table. */
    public String meaning() {
        return meaning;
    }

    /** The default as the README's table writes it: {@code 100ms}, {@code true}, {@code (none)}. */
    public String defaultText() {
        if (defaultValue == null || "".equals(defaultValue) || defaultValue instanceof java.util.Collection
                && ((java.util.Collection<?>) defaultValue).isEmpty()) {
            return "(none)";
        }
        if (defaultValue instanceof Duration) {
            return Durations.format((Duration) defaultValue);
        }
        return String.valueOf(defaultValue);
    }

    /**
     * Reads {@code text}; a bad value is reported to {@code problems} and the default kept.
     *
     * @param text the raw value, or {@code null} when the key is not set
     */
    T read(String text, ConfigProblems problems) {
        String v = text == null ? "" : text.trim();
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return parser.parse(v);
        } catch (IllegalArgumentException e) {
            problems.badValue(key, shown.apply(v), e.getMessage());
            return defaultValue;
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
