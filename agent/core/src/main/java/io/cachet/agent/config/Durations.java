package io.cachet.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration syntax of the public contract: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT10M}. Strict: no spaces, no signs, no
 * fractions, no unit-less numbers, so that a typo is an error rather than a surprising TTL.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");
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
        long ms = d.toMillis();
        if (ms == 0) {
            return "0ms";
        } else if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        } else if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        } else if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
