package io.cachet.bootstrap;

/**
 * The bridge to {@link DeferredWeaving}: the call at the top of each method of a class that
 * loaded before the instrumentation was ready. Nothing here throws.
 *
 * <p>Invariant: {@link #weave} returns {@code true} only once the calling class has been
 * retransformed into code that no longer calls it, so the caller's call to itself can never
 * come back here.
 */
public final class DeferredWeavingHolder {

    private static volatile DeferredWeaving weaving;

    private DeferredWeavingHolder() {
    }

    /** {@code null} takes it out again: later calls run their methods' own bodies. */
    public static void install(DeferredWeaving deferred) {
        weaving = deferred;
    }

    /** @see DeferredWeaving#weave */
    public static boolean weave(Class<?> type) {
        DeferredWeaving current = weaving;
        if (current == null) {
            return false;
        }
        try {
            return current.weave(type);
        } catch (Throwable t) {
            return false;
        }
    }
}
