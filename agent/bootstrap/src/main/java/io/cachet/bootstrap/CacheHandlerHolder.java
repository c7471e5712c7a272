package io.cachet.bootstrap;

/**
 * The bridge between inlined advice and the agent core: static entry points with no agent types
 * in their signatures, so advice compiled against them links in any class loader. Cached
 * methods go to a {@link CacheHandler}, evicting and writing-through methods to an
 * {@link InvalidationHandler}.
 *
 * <p>Nothing here throws. Advice is also compiled with {@code suppress = Throwable.class}, but
 * a suppressed exception in the exit advice would leave the method's return value at its
 * default, so errors must be stopped here, where the fallback is known to be correct.
 */
public final class CacheHandlerHolder {

    /** Stands for a cached {@code null} result, which must still skip the method. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "cachet:null";
        }
    };

    private static volatile CacheHandler handler;
    private static volatile InvalidationHandler invalidation;
    /** Undoes the running agent's instrumentation; {@code null} while no agent is active. */
    private static volatile Runnable uninstall;

    private CacheHandlerHolder() {
    }

    public static void install(CacheHandler caching, InvalidationHandler invalidating, Runnable uninstaller) {
        handler = caching;
        invalidation = invalidating;
        uninstall = uninstaller;
    }

    /**
     * Whether an agent is active in this JVM. Agents attached later (a second {@code attach})
     * each come with their own isolated core; this is how they find out about the first.
     */
    public static boolean active() {
        return uninstall != null;
    }

    /**
     * Switches the active agent off and restores the original classes.
     *
     * @return whether there was one
     */
    public static boolean detach() {
        Runnable u = uninstall;
        if (u == null) {
            return false;
        }
        handler = null;
        invalidation = null;
        uninstall = null;
        u.run();
        return true;
    }

    /** @return the cached result (skip the method), a {@link PendingCall}, or {@code null}. */
    public static Object enter(int methodId, Class<?> declaringType, Object self, Object[] args) {
        CacheHandler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.enter(methodId, declaringType, self, args);
        } catch (Throwable t) {
            return null;
        }
    }

    /** {@link #enter} for a method of one parameter: the argument itself, no array. */
    public static Object enterSingle(int methodId, Class<?> declaringType, Object self, Object argument) {
        CacheHandler current = handler;
        if (current == null) {
            return null;
        }
        try {
            return current.enterSingle(methodId, declaringType, self, argument);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * Passes the outcome of a method that ran for a {@link PendingCall}; ignores anything else.
     *
     * @return what the method returns: {@code returned}, or what the handler puts in its place
     */
    public static Object exit(Object call, Object returned, Throwable thrown) {
        CacheHandler current = handler;
        if (current == null || !(call instanceof PendingCall)) {
            return returned;
        }
        try {
            return current.exit((PendingCall) call, returned, thrown);
        } catch (Throwable ignored) {
            // The method's own outcome stands; a failed store only costs a future hit.
            return returned;
        }
    }

    /** Before an invalidating method's body; returns the state for {@link #afterInvalidating}. */
    public static Object beforeInvalidating(int methodId, Class<?> declaringType, Object[] args) {
        InvalidationHandler current = invalidation;
        if (current == null) {
            return null;
        }
        try {
            return current.before(methodId, declaringType, args);
        } catch (Throwable t) {
            return null;
        }
    }

    /** After an invalidating method's body, whatever its outcome. */
    public static void afterInvalidating(int methodId, Object state, Object[] args, Object returned, Throwable thrown) {
        InvalidationHandler current = invalidation;
        if (current == null) {
            return;
        }
        try {
            current.after(methodId, state, args, returned, thrown);
        } catch (Throwable ignored) {
            // The method's own outcome stands; the handler reports its own failures.
        }
    }

    /**
     * The arguments a method entered as {@code entered} runs its body with: {@code args}, or
     * what its {@link PendingCall} puts in their place.
     */
    public static Object[] arguments(Object entered, Object[] args) {
        if (!(entered instanceof PendingCall)) {
            return args;
        }
        try {
            Object[] replaced = ((PendingCall) entered).arguments(args);
            return replaced != null && replaced.length == args.length ? replaced : args;
        } catch (Throwable t) {
            return args;
        }
    }

    /** The hit to skip on: {@code null} when {@code entered} is a miss or a bypass. */
    public static Object hit(Object entered) {
        return entered instanceof PendingCall ? null : entered;
    }

    /** The value a hit stands for. */
    public static Object unwrap(Object hit) {
        return hit == NULL ? null : hit;
    }

    /** The exception a skipped call must end with, or {@code null} for a normal hit. */
    public static Throwable thrownBy(Object hit) {
        return hit instanceof Rethrow ? ((Rethrow) hit).thrown : null;
    }
}
