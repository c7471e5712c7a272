package io.cachet.bootstrap;

/**
 * Marks what {@link CacheHandler#enter} returns for a miss: the state the exit advice hands back
 * to {@link CacheHandler#exit}. A distinct type, so that a cached value can never be mistaken
 * for it.
 */
public abstract class PendingCall {

    protected PendingCall() {
    }

    /**
     * The arguments the method body runs with: {@code args} itself, or a copy with one replaced
     * (a Kotlin {@code suspend} function's completion, wrapped to see its result).
     */
    public Object[] arguments(Object[] args) {
        return args;
    }
}
