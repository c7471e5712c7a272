package io.cachet.bootstrap;

/**
 * Weaves, at the first call of one of its methods, a class that loaded before the agent's
 * instrumentation was ready. Such a class is let through with a call to
 * {@link DeferredWeavingHolder#weave} at the top of each method that carries a Cachet
 * annotation, instead of holding up its loading (and the application's {@code main}, when it is
 * the main class) until Byte Buddy's transformer is built.
 */
public interface DeferredWeaving {

    /**
     * Waits, within the agent's bound, for the instrumentation to be ready, and retransforms
     * {@code type} unless that was done already.
     *
     * @return whether {@code type}'s methods now run the code woven for them, so that the caller
     *     must call itself again to run it; {@code false} when the caller is to run its own body
     *     as it is (uncached), and then for every later call too
     */
    boolean weave(Class<?> type);
}
