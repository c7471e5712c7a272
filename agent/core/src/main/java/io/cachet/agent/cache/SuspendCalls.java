package io.cachet.agent.cache;

import io.cachet.agent.key.KeyException;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.kotlin.Coroutines;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.near.TieredStore;
import io.cachet.agent.runtime.Deadlines;
import io.cachet.agent.shadow.ShadowPolicy;
import io.cachet.bootstrap.CacheHandlerHolder;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kotlin {@code suspend} functions, cached like their synchronous twins: the lookup is made on
 * the calling thread (bounded by the timeout, as for any call), so a hit returns the value
 * without suspending; a miss runs the body with its continuation observed
 * ({@link SuspendCall}) and stores the value however it comes; an exception, a cancellation or
 * a {@code Result} holding a failure stores nothing.
 *
 * <p>Single-flight differs in one way: a follower must not park its thread, since the leader's
 * coroutine may need that very thread (a dispatcher has few) to finish. So a follower suspends
 * (its call returns {@code COROUTINE_SUSPENDED} without running the body) and is resumed, on
 * its own dispatcher, once the leader's flight has landed: with the leader's value, checked
 * against the counters as a synchronous follower's is; or, when it may not take it, by calling
 * the function again for itself, with the load it is owed handed to that call.
 */
final class SuspendCalls {

    /** The load a follower's own call of the function is to fill, handed to that call's enter on this thread. */
    private static final ThreadLocal<Owed> OWED = new ThreadLocal<>();

    private static final class Owed {
        final Object completion;
        final Load load;

        Owed(Object completion, Load load) {
            this.completion = completion;
            this.load = load;
        }
    }

    private final TieredStore tiers;
    private final Reads reads;
    private final SingleFlight singleFlight;
    private final Fills fills;
    private final PendingInvalidations pending;

    SuspendCalls(TieredStore tiers, Reads reads, SingleFlight singleFlight, Fills fills, PendingInvalidations pending) {
        this.tiers = tiers;
        this.reads = reads;
        this.singleFlight = singleFlight;
        this.fills = fills;
        this.pending = pending;
    }

    /**
     * @return {@code null} for a re-entry of the state machine (runs untouched), a hit (the value,
     *     or the suspended marker for a follower), or a {@link SuspendCall}
     */
    Object enter(Call c, int methodId) {
        Coroutines k = c.runtime.coroutines;
        Object completion = c.args[c.args.length - 1];
        if (completion == null || k.reentry(completion, methodId)) {
            return null;
        }
        Owed owed = OWED.get();
        if (owed != null && owed.completion == completion) {
            OWED.remove();
            return call(c, methodId, owed.load);
        }
        Object entered;
        try {
            c.lookup();
            entered = route(c, completion);
        } catch (KeyException e) {
            CachingHandler.cannotFormKey(c.method, e);
            entered = null;
        }
        if (entered == null || entered instanceof Load) {
            return call(c, methodId, (Load) entered);
        }
        // A hit is returned without suspending: in the form the function itself returns then.
        return entered == CacheHandlerHolder.NULL || entered == c.runtime.coroutines.suspendedMarker()
                ? entered : c.runtime.valueForm.returned(entered);
    }

    private SuspendCall call(Call c, int methodId, Load load) {
        SuspendCall[] self = new SuspendCall[1];
        self[0] = new SuspendCall(load, c.runtime.coroutines, methodId, c.args, resumedWith -> resumed(self[0], c, resumedWith));
        return self[0];
    }

    private Object route(Call c, Object completion) {
        CachedMethod m = c.method;
        boolean storeUp = tiers.available() && !pending.bypassing();
        m.stats().call();
        if (!storeUp) {
            m.stats().bypass();
        }
        if (m.policy().shadow() != ShadowPolicy.OFF) {
            return null; // shadow comparisons are not made for suspend functions: uncached
        }
        // A follower that may not take the leader's value calls the function again: it must be callable.
        if (!m.policy().singleFlight() || c.runtime.method == null) {
            return storeUp ? reads.readThrough(c) : null;
        }
        long arrived = System.nanoTime();
        Flight mine = singleFlight.newFlight();
        Flight leader = singleFlight.join(c, mine);
        if (leader == null) {
            return singleFlight.leadJoined(c, mine, storeUp);
        }
        follow(c, leader, arrived, completion);
        return c.runtime.coroutines.suspendedMarker();
    }

    /** Resumes the suspended follower on its own dispatcher once the leader's flight has landed, or has taken too long. */
    private void follow(Call c, Flight leader, long arrived, Object completion) {
        c.method.stats().stampedeWait();
        Deadlines.within(leader.copy(), singleFlight.waitMillis()).whenComplete((shared, error) -> {
            Runnable settle = () -> settle(c, leader, arrived, shared, error, completion);
            try {
                c.runtime.coroutines.dispatch(completion, settle);
            } catch (RuntimeException | LinkageError e) {
                settle.run(); // no dispatcher to reach: resume here rather than never
            }
        });
    }

    private void settle(Call c, Flight leader, long arrived, Object shared, Throwable error, Object completion) {
        Coroutines k = c.runtime.coroutines;
        try {
            Object outcome = null;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof TimeoutException) {
                    c.method.stats().leaseTimeout();
                    singleFlight.abandon(c, leader);
                } else if (!(cause instanceof CancellationException)) {
                    k.resumeWithException(completion, cause); // the leader's own exception, as a synchronous follower gets it
                    return;
                }
            } else {
                outcome = singleFlight.takeAtOnce(c, leader, shared, arrived, tiers::available);
                if (outcome == SingleFlight.CHECK) {
                    outcome = checked(c, leader, (Flight.Shared) shared, arrived);
                }
            }
            if (outcome == null || outcome instanceof Load) {
                callAgain(c, completion, (Load) outcome);
            } else {
                k.resume(completion, CacheHandlerHolder.unwrap(outcome));
            }
        } catch (RuntimeException | LinkageError e) {
            AgentLog.debug("resuming a follower of " + c.method.displayName() + " failed: " + e);
            k.resumeWithException(completion, e);
        }
    }

    /** The leader's value if the counters read after it landed have not moved (a synchronous check, as its twin's). */
    private Object checked(Call c, Flight leader, Flight.Shared s, long arrived) {
        Lookup lookup = c.lookup();
        Versions now;
        try {
            now = leader.check(() -> tiers.versions(lookup), arrived).get(singleFlight.waitMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return singleFlight.takeChecked(c, s, now);
    }

    /**
     * Calls the function for a follower that may not take the leader's value, with the
     * follower's own completion; its enter picks up {@code load} ({@code null}: uncached).
     */
    private void callAgain(Call c, Object completion, Load load) {
        Coroutines k = c.runtime.coroutines;
        Object result;
        OWED.set(new Owed(completion, load));
        try {
            result = c.runtime.method.invoke(c.self, c.args);
        } catch (InvocationTargetException e) {
            k.resumeWithException(completion, e.getCause());
            return;
        } catch (IllegalAccessException e) {
            k.resumeWithException(completion, new IllegalStateException(e));
            return;
        } finally {
            OWED.remove();
        }
        if (result != k.suspendedMarker()) {
            k.resume(completion, c.runtime.valueForm.stored(result)); // a continuation takes the boxed form
        }
    }

    /** The function returned or threw, without suspending, or after its continuation was resumed. */
    Object exit(SuspendCall call, Object returned, Throwable thrown) {
        if (call.load == null) {
            return returned;
        }
        if (thrown != null) {
            ended(call, null, thrown);
        } else if (returned != call.load.call.runtime.coroutines.suspendedMarker()) {
            ended(call, call.load.call.runtime.valueForm.stored(returned), null);
        }
        return returned;
    }

    /** What the observed continuation was resumed with: the value, or a {@code Result.Failure}. */
    private void resumed(SuspendCall call, Call c, Object resumedWith) {
        Throwable failure = c.runtime.coroutines.exceptionIn(resumedWith);
        ended(call, failure == null ? resumedWith : null, failure);
    }

    private void ended(SuspendCall call, Object value, Throwable failure) {
        if (!call.end()) {
            return;
        }
        Load load = call.load;
        if (failure instanceof CancellationException || (failure == null && load.call.runtime.coroutines.failedResult(value))) {
            fills.abandoned(load); // cancelled, or a Result holding a failure: nothing stored, followers run it
        } else if (failure != null) {
            fills.failed(load, failure);
        } else {
            fills.completed(load, value);
        }
    }
}
