package io.cachet.agent.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code Flux.defer} around what the method returned; the value is the complete list of the
 * elements, and a hit replays it with {@code Flux.fromIterable}. A miss passes the original's
 * elements on as they come and keeps them; only a normal completion within {@code maxElements}
 * stores the list. An error, a cancellation before completion, or one element too many stores
 * nothing.
 */
final class FluxDeferring extends PublisherDeferring {

    private final int maxElements;

    FluxDeferring(ReactorApi reactor, int maxElements) {
        super(reactor);
        this.maxElements = maxElements;
    }

    @Override
    Object deferred(Supplier<Object> supplier) throws Throwable {
        return reactor.fluxDefer(supplier);
    }

    @Override
    Object then(Object answer, Function<Object, Object> calledFor) throws Throwable {
        return reactor.monoFlatMapMany(answer, calledFor);
    }

    @Override
    Object hit(Object value) throws Throwable {
        return reactor.fluxFromIterable(value == null ? List.of() : (Iterable<?>) value);
    }

    @Override
    Object error(Throwable t) throws Throwable {
        return reactor.fluxError(t);
    }

    @Override
    Object observed(Object original, Fill fill) throws Throwable {
        Elements kept = new Elements(fill, maxElements);
        return reactor.fluxObserved(original, kept::add, kept::completed, kept::failed, kept::cancelled);
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
