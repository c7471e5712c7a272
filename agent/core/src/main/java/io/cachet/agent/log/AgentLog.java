package io.cachet.agent.log;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: one line per event on the JVM's original standard error.
 *
 * <p>It never goes through the application's logging framework: initialising the
 * application's logger from inside a class-file transformer or a Redis callback can deadlock
 * or recurse, and operators must see agent problems even when the application's logging is
 * misconfigured. The stream is captured at start-up so that an application which later
 * redirects {@code System.err} into its logger does not pull us back in.
 */
public final class AgentLog {

    /** Severity, lowest first. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final PrintStream OUT = System.err;
    private static final int MAX_ONCE_KEYS = 10_000;
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    private static volatile Level threshold = Level.INFO;

    private AgentLog() {
    }

    public static void setThreshold(Level level) {
        threshold = level;
    }

    public static Level parseLevel(String text) {
        return Level.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    public static boolean isDebug() {
        return threshold == Level.DEBUG;
    }

    public static void debug(String message) {
        log(Level.DEBUG, message);
    }

    public static void info(String message) {
        log(Level.INFO, message);
    }

    public static void warn(String message) {
        log(Level.WARN, message);
    }

    public static void error(String message) {
        log(Level.ERROR, message);
    }

    /**
     * Logs {@code message} only the first time {@code onceKey} is seen, so that a fault hit on
     * every call (Redis down, an unserializable result) costs one line, not a flood.
     */
    public static void warnOnce(String onceKey, String message) {
        if (ONCE.size() < MAX_ONCE_KEYS && ONCE.add(onceKey)) {
            warn(message);
        }
    }

    private static void log(Level level, String message) {
        if (level.compareTo(threshold) >= 0) {
            OUT.println("[cachet] " + level + ' ' + message);
        }
    }
}
