package io.cachet.agent.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * How a cached method hands out its value: as it is, or inside a future. What is cached is
 * always the value; the shape says how a hit is wrapped and when a miss's value is known.
 */
public enum ReturnShape {

    /** The method returns the value itself. */
    VALUE {
        @Override
        Object hit(Object value) {
            return value;
        }

        @Override
        void whenValue(Object returned, Consumer<Object> store) {
            store.accept(returned);
        }
    },

    /**
     * The method returns a {@code CompletableFuture} or {@code CompletionStage} of the value: a
     * hit is an already completed future, and a miss's value is stored once its future completes
     * normally (never its failure).
     */
    COMPLETION_STAGE {
        @Override
        Object hit(Object value) {
            return CompletableFuture.completedFuture(value);
        }

        @Override
        void whenValue(Object returned, Consumer<Object> store) {
            if (returned instanceof CompletionStage) {
                ((CompletionStage<?>) returned).whenComplete((value, error) -> {
                    if (error == null) {
                        store.accept(value);
                    }
                });
            }
        }
    };

    /** What the method returns for a hit of {@code value}. */
    abstract Object hit(Object value);

    /** Passes the value of what the method {@code returned} to {@code store}, when it has one. */
    abstract void whenValue(Object returned, Consumer<Object> store);

    /** The shape of a method returning {@code returnType} (an erased type name). */
    public static ReturnShape of(String returnType) {
        return returnType.equals("java.util.concurrent.CompletableFuture") || returnType.equals("java.util.concurrent.CompletionStage")
                ? COMPLETION_STAGE : VALUE;
    }

    /** Whether the value is known when the method returns, so that concurrent misses can share it. */
    boolean immediate() {
        return this == VALUE;
    }
}
