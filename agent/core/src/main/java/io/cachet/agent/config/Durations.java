package io.cachet.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration syntax of the public contract: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT10M}. Strict: no spaces, no signs, no
 * fractions, no unit-less numbers, so that a typo is an error rather than a surprising TTL.
 * Microseconds ({@code 100us}) are only for the settings that wait less than a millisecond
 * ({@link #parseShort}): a TTL or timeout that short could not be given to Redis, which counts
 * in milliseconds.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
    private static final Pattern MICROSECONDS = Pattern.compile("(\\d{1,9})us");
    public static final String SYNTAX = "use 500ms, 30s, 10m, 2h, 1d or ISO-8601 such as PT10M";

    private Durations() {
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static Duration parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration (" + SYNTAX + ")");
        }
        Matcher m = SHORT.matcher(text);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": d = Duration.ofMillis(n); break;
                case "s": d = Duration.ofSeconds(n); break;
                case "m": d = Duration.ofMinutes(n); break;
                case "h": d = Duration.ofHours(n); break;
                default: d = Duration.ofDays(n); break;
            }
        } else if (text.startsWith("P")) {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration (" + SYNTAX + ")");
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative duration");
            }
        } else {
            throw new IllegalArgumentException("not a duration (" + SYNTAX + ")");
        }
        return d;
    }

    /** Like {@link #parse}, or a number of microseconds such as {@code 100us}. */
    public static Duration parseShort(String text) {
        Matcher m = MICROSECONDS.matcher(text == null ? "" : text);
        if (m.matches()) {
            return Duration.ofNanos(Long.parseLong(m.group(1)) * 1000);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "; or microseconds such as 100us");
        }
    }

    /** Like {@link #parse} but also rejects zero, for TTLs and timeouts. */
    public static Duration parsePositive(String text) {
        Duration d = parse(text);
        if (d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return d;
    }

    /** Renders a duration in the short syntax, for log lines. */
    public static String format(Duration d) {
        // From seconds and nanoseconds, not toMillis: that throws for the longest TTLs the syntax
        // allows (999999999999d), which an error message about them must still be able to name.
        long seconds = d.getSeconds();
        int nanos = d.getNano();
        if (d.isZero()) {
            return "0ms";
        } else if (seconds == 0 && nanos % 1_000_000 != 0) {
            return nanos / 1000 + "us";
        } else if (nanos != 0) {
            return seconds < Long.MAX_VALUE / 1000 ? d.toMillis() + "ms" : seconds + "s";
        } else if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        } else if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        } else if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
