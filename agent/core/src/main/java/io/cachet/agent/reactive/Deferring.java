package io.cachet.agent.reactive;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Wraps what a cached method returned (a publisher that has not run yet) in one of the same
 * type whose every subscription first asks {@code lookup} and only on a miss subscribes to the
 * original. The store answers on its own threads (Redisson's event loop), where no application
 * code may run: so the lookup is given an executor of the application's library, on which it
 * does everything after the store's answer (decoding, handing over) and completes.
 */
public interface Deferring {

    /**
     * @param original what the method returned, of the type this was made for
     * @param lookup called once per subscription, at subscription, with the executor its answer
     *     must complete on
     * @return a publisher of the same type, or {@code original} when it cannot be wrapped
     */
    Object defer(Object original, Function<Executor, CompletionStage<Answer>> lookup);
}
