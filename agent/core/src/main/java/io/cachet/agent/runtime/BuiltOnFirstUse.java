package io.cachet.agent.runtime;

import java.util.function.Supplier;

/**
 * A Caffeine cache (or anything holding one) built when first used rather than when the agent
 * starts. Caffeine asks for a {@code System.Logger} when its first cache is built, and with no
 * logging provider installed the JDK's default {@code LoggerFinder} then initialises
 * {@code java.util.logging.LogManager}. Done in {@code premain}, that happens before the
 * application's {@code main} can set {@code java.util.logging.manager} (as JBoss LogManager or
 * Log4j's JUL bridge ask), and its choice would then be ignored for the life of the JVM.
 *
 * @param <T> what is built
 */
public final class BuiltOnFirstUse<T> {

    private final Supplier<T> build;
    private volatile T built;

    public BuiltOnFirstUse(Supplier<T> build) {
        this.build = build;
    }

    public T get() {
        T t = built;
        if (t == null) {
            synchronized (this) {
                t = built;
                if (t == null) {
                    t = build.get();
                    built = t;
                }
            }
        }
        return t;
    }

    /** What was built, or {@code null} if nothing has used it yet. */
    public T ifBuilt() {
        return built;
    }
}
