package io.cachet.bootstrap;

/**
 * What inlined advice calls around {@code @Evicts} and {@code @WriteThrough} methods,
 * implemented by the agent core. Implementations must not throw.
 */
public interface InvalidationHandler {

    /**
     * Called before the body of method {@code methodId} runs: performs the
     * {@code beforeInvocation} evictions and prepares a write-through.
     *
     * @return state handed back to {@link #after}, or {@code null}
     */
    Object before(int methodId, Class<?> declaringType, Object[] args);

    /** Called after the body: on a normal return, evicts and writes through. */
    void after(int methodId, Object state, Object[] args, Object returned, Throwable thrown);
}
