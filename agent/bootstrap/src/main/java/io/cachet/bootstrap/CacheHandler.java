package io.cachet.bootstrap;

/**
 * What inlined advice calls, implemented by the agent core. Lives on the bootstrap class path
 * so that code in any class loader can reach it.
 *
 * <p>Implementations must not throw; {@link CacheHandlerHolder} guards them anyway.
 */
public interface CacheHandler {

    /**
     * Called before the body of cached method {@code methodId} runs.
     *
     * @param self the instance, {@code null} for a static method; kept only to reload the entry
     *     in the background (stale-while-revalidate, early refresh)
     *
     * @return {@code null} to run the method uncached; a {@link PendingCall} to run it and then
     *     pass the outcome to {@link #exit}; a {@link Rethrow} to end the call with an exception
     *     without running it; anything else is the cached result to return instead of running
     *     the method, with {@link CacheHandlerHolder#NULL} standing for {@code null}
     */
    Object enter(int methodId, Class<?> declaringType, Object self, Object[] args);

    /**
     * {@link #enter} for a method of one parameter, given the argument itself: the advice of such
     * a method builds no array, so that a hit need not allocate one.
     */
    default Object enterSingle(int methodId, Class<?> declaringType, Object self, Object argument) {
        return enter(methodId, declaringType, self, new Object[] {argument});
    }

    /**
     * Called after the method ran because {@link #enter} returned a {@link PendingCall}.
     *
     * @return what the method returns: {@code returned} itself, or, for a method whose value
     *     comes later (a future), one that completes once the value is stored
     */
    Object exit(PendingCall call, Object returned, Throwable thrown);
}
