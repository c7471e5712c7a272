package io.cachet.agent.reactive;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * {@code Mono.defer} around what the method returned: at each subscription the lookup is made
 * (asynchronously), its answer is worked out and delivered on {@code Schedulers.parallel()}, and a hit is
 * {@code Mono.just(value)} (or {@code Mono.empty()}), the original never subscribed. On a miss
 * the original is subscribed and its outcome goes to the load: its value when it succeeds
 * (before the subscriber sees it), nothing when it fails or is cancelled.
 */
final class MonoDeferring implements Deferring {

    private final ReactorApi reactor;

    MonoDeferring(ReactorApi reactor) {
        this.reactor = reactor;
    }

    @Override
    public Object defer(Object original, Function<Executor, CompletionStage<Answer>> lookup) {
        try {
            return reactor.monoDefer(() -> subscribed(original, lookup));
        } catch (Throwable t) {
            return original;
        }
    }

    /** What one subscription gets: the lookup's answer, then the publisher it calls for. */
    private Object subscribed(Object original, Function<Executor, CompletionStage<Answer>> lookup) {
        try {
            return reactor.monoFlatMap(reactor.monoFrom(lookup.apply(reactor.parallel())), answer -> answered(original, (Answer) answer));
        } catch (Throwable t) {
            return original;
        }
    }

    private Object answered(Object original, Answer a) {
        try {
            if (a.hit) {
                return a.value == null ? reactor.monoEmpty() : reactor.monoJust(a.value);
            }
            if (a.error != null) {
                return reactor.monoError(a.error);
            }
            if (a.fill == null) {
                return original;
            }
            Fill fill = a.fill;
            return reactor.monoObserved(original, fill::completed, fill::failed, fill::abandoned);
        } catch (Throwable t) {
            if (a.fill != null) {
                a.fill.abandoned();
            }
            return original;
        }
    }
}
