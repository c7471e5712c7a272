package io.cachet.agent.reactive;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What wrapping a {@code Mono} and a {@code Flux} have in common: a {@code defer} whose every
 * subscription makes the lookup (its answer worked out and delivered on
 * {@code Schedulers.parallel()}) and then gives the publisher the answer calls for: the hit, the
 * error, the original observed for its load, or the original as it is. Any fault of the wrapper
 * is the original, uncached.
 */
abstract class PublisherDeferring implements Deferring {

    final ReactorApi reactor;

    PublisherDeferring(ReactorApi reactor) {
        this.reactor = reactor;
    }

    @Override
    public final Object defer(Object original, Function<Executor, CompletionStage<Answer>> lookup) {
        try {
            return deferred(() -> subscribed(original, lookup));
        } catch (Throwable t) {
            return original;
        }
    }

    /** What one subscription gets: the lookup's answer, then the publisher it calls for. */
    private Object subscribed(Object original, Function<Executor, CompletionStage<Answer>> lookup) {
        try {
            return then(reactor.monoFrom(lookup.apply(reactor.parallel())), answer -> answered(original, (Answer) answer));
        } catch (Throwable t) {
            return original;
        }
    }

    private Object answered(Object original, Answer a) {
        try {
            if (a.hit) {
                return hit(a.value);
            }
            if (a.error != null) {
                return error(a.error);
            }
            return a.fill == null ? original : observed(original, a.fill);
        } catch (Throwable t) {
            if (a.fill != null) {
                a.fill.abandoned();
            }
            return original;
        }
    }

    /** {@code defer(supplier)} of this publisher type. */
    abstract Object deferred(Supplier<Object> supplier) throws Throwable;

    /** This publisher type, from the {@code Mono} of the lookup's answer and what each answer calls for. */
    abstract Object then(Object answer, Function<Object, Object> calledFor) throws Throwable;

    /** A hit of {@code value} ({@code null}: nothing to emit). */
    abstract Object hit(Object value) throws Throwable;

    abstract Object error(Throwable t) throws Throwable;

    /** {@code original}, with how it ends told to {@code fill}. */
    abstract Object observed(Object original, Fill fill) throws Throwable;
}
