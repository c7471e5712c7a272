package io.cachet.agent.cache;

import io.cachet.agent.reactive.ReactorNames;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * How a cached method hands out its value: as it is, inside a future or a publisher, or through
 * a continuation. What is cached is always the value; the shape says how a hit is wrapped and
 * when a miss's value is known.
 */
public enum ReturnShape {

    /** The method returns the value itself. */
    VALUE {
        @Override
        Object complete(Object returned, Function<Object, CompletionStage<?>> store) {
            store.apply(returned);
            return returned;
        }
    },

    /**
     * The method returns a {@code CompletableFuture} or {@code CompletionStage} of the value: a
     * hit is an already completed future, and a miss's value is stored once its future completes
     * normally (never its failure). The caller gets a future that completes only once the store
     * has answered, so a call made after it completed finds the entry: without waiting on any
     * thread (no {@code join()} on an event loop), by chaining on the store's own answer.
     */
    COMPLETION_STAGE {
        @Override
        Object hit(Object value) {
            return CompletableFuture.completedFuture(value);
        }

        @Override
        Object complete(Object returned, Function<Object, CompletionStage<?>> store) {
            if (!(returned instanceof CompletionStage)) {
                return returned;
            }
            CompletableFuture<Object> handedOut = new CompletableFuture<>();
            ((CompletionStage<?>) returned).whenComplete((value, error) -> {
                if (error != null) {
                    handedOut.completeExceptionally(error);
                    return;
                }
                CompletionStage<?> stored;
                try {
                    stored = store.apply(value);
                } catch (RuntimeException | Error e) {
                    handedOut.complete(value);
                    return;
                }
                stored.whenComplete((ok, storeError) -> handedOut.complete(value));
            });
            return handedOut;
        }
    },

    /**
     * A Reactor {@code Mono} of the value: nothing is known when the method returns, since a
     * {@code Mono} only says what to do once subscribed. The exit wraps it so that each
     * subscription looks the value up (see {@link DeferredCall}); a hit is the value itself,
     * which the wrapper emits.
     */
    MONO,

    /** A Reactor {@code Flux}: like {@link #MONO}, with the complete list of its elements as the value. */
    FLUX,

    /**
     * A Kotlin {@code suspend} function: its value is what its continuation is resumed with, or
     * what it returns when it completes without suspending (see {@link SuspendCalls}). A hit is
     * the value, returned without suspending.
     */
    SUSPEND;

    static final String CONTINUATION_TYPE = "kotlin.coroutines.Continuation";

    /** What the method returns for a hit of {@code value}: the value itself, unless the shape wraps it. */
    Object hit(Object value) {
        return value;
    }

    /**
     * Passes the value of what the method {@code returned} to {@code store}, when it has one.
     *
     * @param store stores a value; its stage completes once the store has answered
     * @return what the method returns in place of {@code returned}; shapes whose value is seen
     *     elsewhere (at a subscription, through a continuation) store nothing here
     */
    Object complete(Object returned, Function<Object, CompletionStage<?>> store) {
        return returned;
    }

    /** The shape of a method returning {@code returnType} (an erased type name). */
    public static ReturnShape of(String returnType) {
        return of(returnType, null);
    }

    /**
     * The shape of a method returning {@code returnType} whose last parameter is of type
     * {@code lastParameterType} (erased names; {@code null} without parameters). Types are told
     * by name, so no application class is loaded; the agent's own relocated Reactor
     * ({@code io.cachet.shaded.reactor}) never matches (see {@link ReactorNames}).
     */
    public static ReturnShape of(String returnType, String lastParameterType) {
        if (CONTINUATION_TYPE.equals(lastParameterType)) {
            return SUSPEND;
        }
        if (returnType.equals("java.util.concurrent.CompletableFuture") || returnType.equals("java.util.concurrent.CompletionStage")) {
            return COMPLETION_STAGE;
        }
        if (returnType.equals(ReactorNames.MONO)) {
            return MONO;
        }
        return returnType.equals(ReactorNames.FLUX) ? FLUX : VALUE;
    }

    /** Whether the value is known when the method returns, so that concurrent misses can share it. */
    boolean immediate() {
        return this == VALUE;
    }

    /** Whether the value is produced at each subscription, after the method has returned. */
    boolean deferred() {
        return this == MONO || this == FLUX;
    }

    /** Whether a background reload can call the method and store what it gives (stale-while-revalidate, early refresh). */
    boolean reloadable() {
        return this == VALUE || this == COMPLETION_STAGE;
    }
}
