package io.cachet.agent.cache;

import io.cachet.bootstrap.PendingCall;

/**
 * A call of a method returning a {@code Mono} or {@code Flux}, between its enter and exit. The
 * advice runs when the publisher is assembled, not when it runs, so nothing is looked up here:
 * the method body runs (it only builds the publisher), and its exit wraps what it returned so
 * that every subscription makes its own lookup ({@link DeferredLookups}). A {@code Mono} built
 * once and subscribed twice is looked up twice.
 */
final class DeferredCall extends PendingCall {

    final Call call;

    DeferredCall(Call call) {
        this.call = call;
    }

    /** What the method returns in place of {@code returned}: the wrapper, or {@code returned} itself after a throw. */
    Object exit(Object returned, Throwable thrown, DeferredLookups lookups) {
        if (thrown != null || returned == null) {
            return returned;
        }
        return call.runtime.deferring.defer(returned, executor -> lookups.lookup(call, executor));
    }
}
