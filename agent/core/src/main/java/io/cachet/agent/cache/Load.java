package io.cachet.agent.cache;

import io.cachet.agent.codec.MethodCodec;
import io.cachet.agent.key.Versions;
import io.cachet.agent.store.Found;
import io.cachet.agent.store.Lease;
import io.cachet.agent.tracing.ChildSpans;
import io.cachet.bootstrap.PendingCall;

/**
 * A miss in progress: the method runs, then its result is stored under the versions read when
 * the load started, so an eviction during the load leaves it stale. Built by the path that
 * decided to load, with what that path holds: a flight other callers follow, a lease the
 * cluster waits on, the read whose tiers may keep the result.
 */
final class Load extends PendingCall {

    final Call call;
    final Versions versions;
    final long startNanos = System.nanoTime();
    /** Set while a generated class's method runs for this load (see {@link DelegatedCalls}). */
    DelegatedCalls.Frame delegating;
    /** With {@code cachet.tracing.spans}: this load's span, current until the method returns; else {@code null}. */
    ChildSpans.Open span;
    /** The flight this JVM's other callers of the key follow, or {@code null}. */
    private Flight flight;
    /** The lease this load holds for the cluster, or {@code null}. */
    private Lease lease;
    /** The read that missed, whose tiers keep the result; or {@code null}. */
    private Found found;
    /** Whether the result goes to the store: not while Redis is out of reach. */
    private boolean stores = true;
    /** In shadow mode, what the cache would have served, to compare with the real result. */
    Object cached = MethodCodec.MISS;

    private Load(Call call, Versions versions) {
        this.call = call;
        this.versions = versions;
    }

    /** A caller's miss, to be recorded under {@code versions}. */
    static Load miss(Call call, Versions versions) {
        call.method.stats().miss();
        return new Load(call, versions);
    }

    /** A background reload of an entry that is still being served (not a miss anyone waits for). */
    static Load reload(Call call, Versions versions) {
        return new Load(call, versions);
    }

    Load sharedBy(Flight flight) {
        this.flight = flight;
        return this;
    }

    Load underLease(Lease lease) {
        this.lease = lease;
        return this;
    }

    Load keptBy(Found found) {
        this.found = found;
        return this;
    }

    /** Redis is out of reach: the result is shared with this JVM's followers and stored nowhere. */
    Load offline() {
        this.stores = false;
        return this;
    }

    Flight flight() {
        return flight;
    }

    Lease lease() {
        return lease;
    }

    Found found() {
        return found;
    }

    boolean stores() {
        return stores;
    }
}
