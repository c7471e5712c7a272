package io.cachet.agent.cache;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caches once, at the outermost call the application made, when both a proxy (or generated
 * subclass) and the implementation it delegates to are cached: a Spring Data repository's JDK
 * proxy and {@code SimpleJpaRepository}, a Spring AOP proxy and its target bean, a CGLIB
 * subclass and its superclass. While a generated class's method runs to fill the cache, the
 * call it delegates to on this thread (the next cached call, with the same name and number of
 * parameters) runs uncached: the proxy's load stores the result, and a second lookup and entry
 * for the same answer would cost a Redis round trip and double the memory.
 *
 * <p>Other cached calls made during that load (another repository, another name) are cached as
 * usual. Costs nothing while no generated class's load is running anywhere: one volatile read.
 */
final class DelegatedCalls {

    /** Loads of generated classes' methods running now, on any thread. */
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private DelegatedCalls() {
    }

    /** One running load of a generated class's method; holds names only, never application objects. */
    static final class Frame {
        final String methodName;
        final int parameterCount;
        final Frame outer;

        Frame(String methodName, int parameterCount, Frame outer) {
            this.methodName = methodName;
            this.parameterCount = parameterCount;
            this.outer = outer;
        }
    }

    /** Whether a call of {@code m} is the delegate of the generated class's load running on this thread. */
    static boolean isDelegate(CachedMethod m) {
        if (RUNNING.get() == 0) {
            return false;
        }
        Frame f = CURRENT.get();
        return f != null && f.methodName.equals(m.method().methodName())
                && f.parameterCount == m.method().parameterTypes().size();
    }

    /** A generated class's method is about to run to fill the cache; {@link #left} must follow on this thread. */
    static Frame entered(CachedMethod m) {
        Frame f = new Frame(m.method().methodName(), m.method().parameterTypes().size(), CURRENT.get());
        CURRENT.set(f);
        RUNNING.incrementAndGet();
        return f;
    }

    /** The method {@link #entered} returned {@code frame} for has returned or thrown. */
    static void left(Frame frame) {
        // Unwinds to the frame's caller, also past inner frames whose exit was never seen.
        int unwound = 0;
        for (Frame f = CURRENT.get(); f != null; f = f.outer) {
            unwound++;
            if (f == frame) {
                if (frame.outer == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(frame.outer);
                }
                RUNNING.addAndGet(-unwound);
                return;
            }
        }
    }
}
