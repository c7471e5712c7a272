package io.cachet.agent.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * {@code Flux.defer} around what the method returned, as {@link MonoDeferring} does for a
 * {@code Mono}; the value is the complete list of the elements. A hit replays it with
 * {@code Flux.fromIterable}. A miss passes the original's elements on as they come and keeps
 * them; only a normal completion within {@code maxElements} stores the list. An error, a
 * cancellation before completion, or one element too many stores nothing.
 */
final class FluxDeferring implements Deferring {

    private final ReactorApi reactor;
    private final int maxElements;

    FluxDeferring(ReactorApi reactor, int maxElements) {
        this.reactor = reactor;
        this.maxElements = maxElements;
    }

    @Override
    public Object defer(Object original, Function<Executor, CompletionStage<Answer>> lookup) {
        try {
            return reactor.fluxDefer(() -> subscribed(original, lookup));
        } catch (Throwable t) {
            return original;
        }
    }

    private Object subscribed(Object original, Function<Executor, CompletionStage<Answer>> lookup) {
        try {
            return reactor.monoFlatMapMany(reactor.monoFrom(lookup.apply(reactor.parallel())), answer -> answered(original, (Answer) answer));
        } catch (Throwable t) {
            return original;
        }
    }

    private Object answered(Object original, Answer a) {
        try {
            if (a.hit) {
                return reactor.fluxFromIterable(a.value == null ? List.of() : (Iterable<?>) a.value);
            }
            if (a.error != null) {
                return reactor.fluxError(a.error);
            }
            if (a.fill == null) {
                return original;
            }
            Elements kept = new Elements(a.fill, maxElements);
            return reactor.fluxObserved(original, kept::add, kept::completed, kept::failed, kept::cancelled);
        } catch (Throwable t) {
            if (a.fill != null) {
                a.fill.abandoned();
            }
            return original;
        }
    }

    /** The elements one subscription has seen so far. Reactive Streams signals one at a time, so no locking. */
    private static final class Elements {
        private final Fill fill;
        private final int max;
        private List<Object> items = new ArrayList<>();

        Elements(Fill fill, int max) {
            this.fill = fill;
            this.max = max;
        }

        void add(Object item) {
            if (items != null && items.size() < max) {
                items.add(item);
            } else {
                items = null; // over the bound: this run is passed on, not stored
            }
        }

        void completed() {
            if (items == null) {
                fill.abandoned();
            } else {
                fill.completed(items);
            }
        }

        void failed(Throwable t) {
            fill.failed(t);
        }

        void cancelled() {
            fill.abandoned();
        }
    }
}
