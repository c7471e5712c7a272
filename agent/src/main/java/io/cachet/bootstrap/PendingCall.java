package io.cachet.bootstrap;

/**
 * Marks what {@link CacheHandler#enter} returns for a miss: the state the exit advice hands back
 * to {@link CacheHandler#exit}. A distinct type, so that a cached value can never be mistaken
 * for it.
 */
public abstract class PendingCall {

    protected PendingCall() {
    }
}
