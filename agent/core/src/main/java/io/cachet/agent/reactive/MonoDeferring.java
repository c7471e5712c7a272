package io.cachet.agent.reactive;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code Mono.defer} around what the method returned: a hit is {@code Mono.just(value)} (or
 * {@code Mono.empty()}), the original never subscribed. On a miss the original is subscribed and
 * its outcome goes to the load: its value when it succeeds (before the subscriber sees it),
 * nothing when it fails or is cancelled.
 */
final class MonoDeferring extends PublisherDeferring {

    MonoDeferring(ReactorApi reactor) {
        super(reactor);
    }

    @Override
    Object deferred(Supplier<Object> supplier) throws Throwable {
        return reactor.monoDefer(supplier);
    }

    @Override
    Object then(Object answer, Function<Object, Object> calledFor) throws Throwable {
        return reactor.monoFlatMap(answer, calledFor);
    }

    @Override
    Object hit(Object value) throws Throwable {
        return value == null ? reactor.monoEmpty() : reactor.monoJust(value);
    }

    @Override
    Object error(Throwable t) throws Throwable {
        return reactor.monoError(t);
    }

    @Override
    Object observed(Object original, Fill fill) throws Throwable {
        return reactor.monoObserved(original, fill::completed, fill::failed, fill::abandoned);
    }
}
