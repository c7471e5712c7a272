package io.cachet.agent.cache;

import io.cachet.agent.key.Versions;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.near.TieredStore;
import io.cachet.agent.reactive.Answer;
import io.cachet.agent.reactive.Fill;
import io.cachet.agent.runtime.Deadlines;
import io.cachet.agent.store.Found;
import io.cachet.bootstrap.CacheHandlerHolder;
import io.cachet.bootstrap.PendingCall;
import io.cachet.bootstrap.Rethrow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lookup of a {@code Mono}/{@code Flux} call, made at each subscription, on threads that
 * must not block: the store is read asynchronously ({@link TieredStore#getAsync}), and every
 * step after an answer from the store (decoding, landing a flight, handing over) runs on the
 * executor the subscription gives, never on the store's threads. The path is the synchronous
 * one's: single-flight in this JVM (concurrent subscriptions of one key follow one leader's
 * load; a follower that arrived after the load started has the counters read again, once for
 * all, before it takes the result), no stale fill, every fault a plain uncached subscription.
 * There is no cluster lease: waiting for another JVM's load would mean polling Redis from
 * here, and a second load in another JVM costs a duplicate, never a stale value.
 */
final class DeferredLookups {

    private static final CompletionStage<Object> UNCACHED = CompletableFuture.completedFuture(null);

    private final TieredStore tiers;
    private final Reads reads;
    private final SingleFlight singleFlight;
    private final Fills fills;
    private final PendingInvalidations pending;

    DeferredLookups(TieredStore tiers, Reads reads, SingleFlight singleFlight, Fills fills, PendingInvalidations pending) {
        this.tiers = tiers;
        this.reads = reads;
        this.singleFlight = singleFlight;
        this.fills = fills;
        this.pending = pending;
    }

    /**
     * One subscription's lookup; never fails. If the subscriber is gone when the answer comes
     * (it cancelled, which cancels the stage), a load it was given is abandoned, so that its
     * followers do not wait for a value that will never come.
     */
    CompletionStage<Answer> lookup(Call c, Executor executor) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        CompletionStage<Object> entered;
        try {
            entered = enter(c, executor);
        } catch (RuntimeException | LinkageError e) {
            entered = UNCACHED;
        }
        entered.whenComplete((outcome, error) -> {
            Answer a = error != null ? Answer.uncached() : answer(outcome);
            if (!answer.complete(a) && a != null) {
                abandon(a);
            }
        });
        return answer;
    }

    private CompletionStage<Object> enter(Call c, Executor executor) {
        CachedMethod m = c.method;
        if (m.disabled()) {
            return UNCACHED;
        }
        m.stats().call();
        if (pending.bypassing()) {
            m.stats().bypass();
            return UNCACHED;
        }
        if (!m.policy().singleFlight()) {
            return read(c, null, executor);
        }
        long arrived = System.nanoTime();
        Flight mine = singleFlight.newFlight();
        Flight leader = singleFlight.join(c, mine);
        return leader == null ? read(c, mine, executor) : follow(c, leader, arrived, executor);
    }

    /** Reads the entry; a miss is a load, shared by {@code flight} when this subscription leads one. */
    private CompletionStage<Object> read(Call c, Flight flight, Executor executor) {
        if (flight != null) {
            flight.startLoad();
        }
        CompletionStage<Found> read;
        try {
            read = tiers.getAsync(c.lookup());
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.handleAsync((found, error) -> {
            try {
                return error == null ? found(c, flight, found) : unreachable(c, flight);
            } catch (RuntimeException | LinkageError e) {
                if (flight != null) {
                    singleFlight.landNothing(c, flight);
                }
                return null;
            }
        }, executor);
    }

    private Object found(Call c, Flight flight, Found found) {
        Object hit = reads.hit(c, found);
        if (hit != null) {
            if (flight != null) {
                singleFlight.land(c, flight, found);
            }
            return hit;
        }
        Reads.countUnserved(c, found);
        Load load = Load.miss(c, found.versions).keptBy(found);
        return flight == null ? load : load.sharedBy(flight);
    }

    /** Redis failed or is out of reach: a leader still loads once for this JVM, and stores nothing. */
    private Object unreachable(Call c, Flight flight) {
        c.method.stats().error(ErrorKind.REDIS);
        if (flight == null) {
            return null;
        }
        flight.startLoad();
        return Load.miss(c, Versions.of(new long[c.lookup().counterCount()])).sharedBy(flight).offline();
    }

    /** Follows this JVM's leader of the key without blocking, as {@link SingleFlight} does with a thread. */
    private CompletionStage<Object> follow(Call c, Flight leader, long arrived, Executor executor) {
        c.method.stats().stampedeWait();
        long waitMillis = singleFlight.waitMillis();
        return Deadlines.within(leader.copy(), waitMillis).handleAsync((shared, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof TimeoutException) {
                    c.method.stats().leaseTimeout();
                    singleFlight.abandon(c, leader);
                    return UNCACHED;
                }
                return CompletableFuture.completedFuture((Object) new Rethrow(cause));
            }
            Object atOnce = singleFlight.takeAtOnce(c, leader, shared, arrived, () -> true);
            if (atOnce != SingleFlight.CHECK) {
                return CompletableFuture.completedFuture(atOnce);
            }
            Flight.Shared s = (Flight.Shared) shared;
            return leader.checkAsync(() -> tiers.getAsync(c.lookup()).thenApply(found -> found.versions), arrived)
                    .handleAsync((now, checkError) -> checkError != null ? null : singleFlight.takeChecked(c, s, now), executor);
        }, executor).thenCompose(next -> next);
    }

    /** What the advice's vocabulary (a hit, {@code NULL}, a {@code Rethrow}, a {@link Load}, {@code null}) means for a subscription. */
    private Answer answer(Object outcome) {
        if (outcome == null) {
            return Answer.uncached();
        }
        if (outcome instanceof Load) {
            return Answer.load(new LoadFill((Load) outcome));
        }
        if (outcome instanceof PendingCall) {
            return Answer.uncached();
        }
        Throwable thrown = CacheHandlerHolder.thrownBy(outcome);
        return thrown != null ? Answer.error(thrown) : Answer.hit(CacheHandlerHolder.unwrap(outcome));
    }

    private static void abandon(Answer a) {
        Fill fill = a.fill();
        if (fill != null) {
            fill.abandoned();
        }
    }

    /** How a subscription's original publisher ended, told to its {@link Load}, once. */
    private final class LoadFill implements Fill {
        private final Load load;
        private final AtomicBoolean ended = new AtomicBoolean();

        LoadFill(Load load) {
            this.load = load;
        }

        @Override
        public void completed(Object value) {
            if (ended.compareAndSet(false, true)) {
                try {
                    fills.completed(load, value);
                } catch (RuntimeException | LinkageError e) {
                    fills.abandoned(load);
                }
            }
        }

        @Override
        public void failed(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                try {
                    fills.failed(load, error);
                } catch (RuntimeException | LinkageError ignored) {
                    // the subscriber gets its error anyway
                }
            }
        }

        @Override
        public void abandoned() {
            if (ended.compareAndSet(false, true)) {
                try {
                    fills.abandoned(load);
                } catch (RuntimeException | LinkageError ignored) {
                    // nothing was stored; followers time out at worst
                }
            }
        }
    }
}
