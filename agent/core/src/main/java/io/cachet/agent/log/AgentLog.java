package io.cachet.agent.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's own log: one line per event, to {@code cachet.log.target}. By default the JVM's
 * original standard error, captured at start-up so that an application which later redirects
 * {@code System.err} into its logger does not pull us back in; or a file; or, with
 * {@code application}, the application's own logging framework, but only once the application has
 * configured it and only from a thread of ours ({@link ApplicationSink}): initialising the
 * application's logger ourselves, or entering it from a class-file transformer or a Redis
 * callback, could deadlock, recurse, or fix its configuration before the application chose one.
 */
public final class AgentLog {

    /** Severity, lowest first. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** {@code cachet.log.target}'s default. */
    public static final String STDERR = "stderr";
    /** {@code cachet.log.target} value for the application's logging framework. */
    public static final String APPLICATION = "application";

    private static final PrintStream OUT = System.err;
    private static final int MAX_ONCE_KEYS = 10_000;
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();
    private static volatile Level threshold = Level.INFO;
    private static volatile LogSink sink = StreamSink.of(OUT);

    private AgentLog() {
    }

    public static void setThreshold(Level level) {
        threshold = level;
    }

    /**
     * Sends every later line to {@code target}: {@link #STDERR}, {@link #APPLICATION} or a file
     * path. A file that cannot be opened leaves the lines on standard error, saying why.
     */
    public static void useTarget(String target) {
        if (target.equals(STDERR)) {
            sink = StreamSink.of(OUT);
        } else if (target.equals(APPLICATION)) {
            sink = ApplicationSink.start(OUT);
        } else {
            try {
                sink = StreamSink.appendingTo(Path.of(target));
            } catch (IOException | RuntimeException e) {
                warn("cachet.log.target=" + target + " cannot be written (" + e + "); logging to standard error instead");
            }
        }
    }

    /**
     * A class loader of the application (one whose class has just run a cached method for the
     * first time): where {@code cachet.log.target=application} looks for the application's logging.
     */
    public static void applicationLoader(ClassLoader loader) {
        LogSink s = sink;
        if (s instanceof ApplicationSink) {
            ((ApplicationSink) s).candidate(loader);
        }
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
            sink.write(level, message);
        }
    }
}
