package io.cachet.agent.config;

import io.cachet.agent.log.AgentLog;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads one configuration value from its text (already trimmed, never empty). The one place each
 * kind of value is parsed, for settings and for rule attributes alike.
 *
 * @param <T> what it reads
 */
@FunctionalInterface
public interface Parser<T> {

    /** @throws IllegalArgumentException saying what is wrong, as "not a boolean (use true or false)" */
    T parse(String text);

    /** This parser, its result then turned into something else. */
    default <R> Parser<R> andThen(java.util.function.Function<T, R> then) {
        return text -> then.apply(parse(text));
    }

    Parser<Boolean> BOOLEAN = text -> {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: throw new IllegalArgumentException("not a boolean (use true or false)");
        }
    };

    /** Comma-separated, blanks dropped. */
    Parser<List<String>> LIST = text -> {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return Collections.unmodifiableList(out);
    };

    Parser<Duration> POSITIVE_DURATION = Durations::parsePositive;

    /** A duration that may be zero ("never"), which may then be written {@code 0}. */
    Parser<Duration> DURATION = text -> text.equals("0") ? Duration.ZERO : Durations.parse(text);

    /** {@link #DURATION}, or microseconds ({@code 100us}): for a wait shorter than a millisecond. */
    Parser<Duration> SHORT_DURATION = text -> text.equals("0") ? Duration.ZERO : Durations.parseShort(text);

    Parser<String> TEXT = text -> text;

    Parser<Path> READABLE_FILE = text -> {
        Path p = Paths.get(text);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("no readable file there");
        }
        return p;
    };

    Parser<AgentLog.Level> LOG_LEVEL = text -> {
        try {
            return AgentLog.parseLevel(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a log level (use " + Arrays.toString(AgentLog.Level.values()) + ")");
        }
    };

    /** {@code redis://host:port} or {@code rediss://}, with optional user info. */
    Parser<String> REDIS_ADDRESS = text -> {
        try {
            URI uri = new URI(text);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null && uri.getPort() > 0) {
                return text;
            }
        } catch (Exception ignored) {
            // reported below
        }
        throw new IllegalArgumentException("not a Redis address (use redis://host:port or rediss://user:password@host:port)");
    };

    Parser<String> KEY_PREFIX = new Parser<>() {
        private final Pattern syntax = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

        @Override
        public String parse(String text) {
            if (!syntax.matcher(text).matches()) {
                throw new IllegalArgumentException("a key prefix is 1 to 64 of A-Z a-z 0-9 . _ -");
            }
            return text;
        }
    };

    Parser<Integer> POSITIVE_INT = wholeNumber(1, Integer.MAX_VALUE, "not a positive whole number");
    Parser<Integer> NON_NEGATIVE_INT = wholeNumber(0, Integer.MAX_VALUE, "not a whole number of 0 or more");
    Parser<Integer> PORT = wholeNumber(1, 65535, "not a TCP port (1 to 65535)");
    /** A number of bytes: digits, optionally followed by {@code k} or {@code m} (KiB, MiB). */
    Parser<Integer> BYTES = text -> {
        String t = text.toLowerCase(java.util.Locale.ROOT);
        long unit = t.endsWith("k") ? 1024 : t.endsWith("m") ? 1024 * 1024 : 1;
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits) * unit;
            if (digits.chars().allMatch(Character::isDigit) && n >= 1 && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("not a number of bytes (such as 8388608, 512k or 8m) from 1 to 2047m");
    };

    static Parser<Integer> wholeNumber(int min, int max, String problem) {
        return text -> {
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(problem);
        };
    }

    /** A number from {@code min} to {@code max}, as a fraction or a factor. */
    static Parser<Double> number(double min, double max) {
        String problem = "not a number from " + plain(min) + " to " + plain(max);
        return text -> {
            try {
                double d = Double.parseDouble(text);
                if (d >= min && d <= max) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(problem);
        };
    }

    /** One of an enum's values, written in lower case with dashes ({@code verify-sample}). */
    static <E extends Enum<E>> Parser<E> oneOf(Class<E> type, String what) {
        return text -> {
            for (E e : type.getEnumConstants()) {
                if (ConfigNames.of(e).equals(text)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("not " + what + " (use " + String.join(", ", ConfigNames.all(type)) + ")");
        };
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
