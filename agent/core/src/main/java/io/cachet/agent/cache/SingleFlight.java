package io.cachet.agent.cache;

import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Found;
import io.cachet.agent.store.Lease;
import io.cachet.agent.store.StoreException;
import io.cachet.bootstrap.Rethrow;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One load per key, in two steps. In this JVM, the first caller of a key becomes its leader;
 * concurrent callers wait on the leader's {@link Flight} and get a decoded copy of its result
 * (once they have checked no eviction made it stale for them), or the very exception it ended
 * with. Across JVMs, a leader first takes the key's {@link Lease} in Redis; a leader that finds
 * it taken polls for the entry until the lease is gone, then takes it itself.
 *
 * <p>All waiting is bounded by {@code cachet.lease.wait} (then the caller runs the method
 * itself) and parks, never holds a monitor, so virtual threads do not pin. A holder that dies
 * loses its lease when it expires.
 */
final class SingleFlight {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Flights flights = new Flights();
    private final CacheStore store;
    private final Reads reads;
    private final PendingInvalidations pending;
    private final long leaseMillis;
    private final long waitMillis;

    SingleFlight(CacheStore store, Reads reads, PendingInvalidations pending, long leaseMillis, long waitMillis) {
        this.store = store;
        this.reads = reads;
        this.pending = pending;
        this.leaseMillis = leaseMillis;
        this.waitMillis = waitMillis;
    }

    /**
     * Follows this JVM's leader of the call's key, or leads it: joined before the lookup, so
     * that a storm on one key costs Redis one read, not one per caller.
     *
     * @return a hit, a {@link Load}, a {@link Rethrow}, or {@code null} to run the method uncached
     */
    Object enter(Call c, boolean storeUp) {
        long arrived = System.nanoTime();
        Flight mine = newFlight();
        String key = c.lookup().entryKey();
        Flight leader = flights.join(key, mine);
        if (leader != null) {
            return staleFor(c, leader) ? null : follow(c, leader, arrived);
        }
        return leadJoined(c, mine, storeUp);
    }

    /** A flight of this JVM's, for a caller about to join or lead its key. */
    Flight newFlight() {
        return new Flight(pending.evictions());
    }

    /**
     * Whether the load {@code leader} runs started before this JVM evicted one of the call's
     * counters: its result may be what that eviction removed, and a caller arriving now (after
     * the evicting method returned) runs the method instead of waiting for it.
     */
    static boolean staleFor(Call c, Flight leader) {
        return leader.evictedSinceStart(c.lookup());
    }

    /** Leads the flight {@code mine} has just been made the leader of (see {@link #join}). */
    Object leadJoined(Call c, Flight mine, boolean storeUp) {
        try {
            return lead(c, mine, storeUp);
        } catch (RuntimeException | Error e) {
            flights.land(c.lookup().entryKey(), mine, null);
            throw e;
        }
    }

    private Object lead(Call c, Flight flight, boolean storeUp) {
        if (storeUp) {
            Lease lease = store.shared() && c.method.expectsMiss() ? Lease.on(c.method.keys().leaseKey(c.lookup())) : null;
            try {
                flight.startLoad();
                Found found = lease == null ? reads.read(c) : reads.readOrLease(c, lease, leaseMillis);
                c.method.readFound(found.bytes == null);
                Object hit = reads.hit(c, found);
                if (hit != null) {
                    if (lease != null && lease.takenHere()) {
                        store.release(lease);
                    }
                    land(c, flight, found);
                    return hit;
                }
                Reads.countUnserved(c, found);
                if (lease != null && lease.takenHere()) {
                    return Load.miss(c, found.versions).sharedBy(flight).underLease(lease).keptBy(found);
                }
                return store.shared() ? leadCluster(c, flight, found) : Load.miss(c, found.versions).sharedBy(flight).keptBy(found);
            } catch (StoreException e) {
                c.method.stats().error(ErrorKind.REDIS);
                if (lease != null && lease.takenHere()) {
                    store.release(lease); // taken, but its read failed: this load stores nothing, so nobody may wait for it
                }
            }
        }
        // Without Redis, only this JVM's single-flight applies: load, share, store nothing.
        flight.startLoad();
        return Load.miss(c, Versions.of(new long[c.lookup().counterCount()])).sharedBy(flight).offline();
    }

    /**
     * This JVM leads the key: takes the cluster's lease, or waits for whoever holds it. Taking
     * it reads the entry again in the same round trip, since the previous holder may have stored
     * it just before releasing.
     */
    private Object leadCluster(Call c, Flight flight, Found missed) {
        Lease lease = Lease.on(c.method.keys().leaseKey(c.lookup()));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        Found latest = missed;
        try {
            Found leased;
            flight.startLoad();
            while ((leased = reads.readUnderLease(c, lease, leaseMillis)) == null) {
                // Another JVM is loading: wait for its entry, or for its lease to go.
                c.method.stats().stampedeWait();
                do {
                    if (System.nanoTime() - deadline >= 0) {
                        c.method.stats().leaseTimeout();
                        return Load.miss(c, latest.versions).sharedBy(flight).keptBy(latest);
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                    flight.startLoad();
                    latest = reads.read(c);
                    Object hit = reads.hit(c, latest);
                    if (hit != null) {
                        land(c, flight, latest);
                        return hit;
                    }
                } while (store.leaseHeld(lease));
                flight.startLoad();
            }
            latest = leased;
            Object hit = reads.hit(c, latest);
            if (hit != null) {
                store.release(lease);
                land(c, flight, latest);
                return hit;
            }
            return Load.miss(c, latest.versions).sharedBy(flight).underLease(lease).keptBy(latest);
        } catch (StoreException e) {
            // Redis failed mid-way: fail open to this JVM's single-flight alone. A lease taken
            // before the failure ends with the load; dropped here, it held every JVM's next miss
            // of the key for cachet.lease.wait (FaultMatrixIT, after the blackhole phase).
            Load load = Load.miss(c, latest.versions).sharedBy(flight);
            return lease.takenHere() ? load.underLease(lease) : load;
        }
    }

    /**
     * Waits for this JVM's leader of the key. Its result is this caller's if the load started
     * after this caller arrived. Otherwise an eviction may have completed in between, and
     * handing it over would be a stale read; so the flight's counters are read once more (by
     * one follower, for all) and the result is taken if they have not moved; else the follower
     * loads for itself.
     */
    private Object follow(Call c, Flight leader, long arrived) {
        Object shared;
        c.method.stats().stampedeWait();
        try {
            shared = leader.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return new Rethrow(e.getCause());
        } catch (TimeoutException e) {
            c.method.stats().leaseTimeout();
            // A leader this late may never finish (its thread died between enter and exit):
            // let the next caller lead instead of following it again.
            flights.abandon(c.lookup().entryKey(), leader);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Object atOnce = takeAtOnce(c, leader, shared, arrived, store::available);
        if (atOnce != CHECK) {
            return atOnce;
        }
        Lookup lookup = c.lookup();
        Versions now;
        try {
            now = leader.check(() -> store.versions(lookup), arrived).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null; // cannot check: run the method, which is always current
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return takeChecked(c, (Flight.Shared) shared, now);
    }

    /** What {@link #takeAtOnce} returns when the follower must read the counters first. */
    static final Object CHECK = new Object();

    /**
     * A follower's first step once its leader's flight has landed with {@code shared}: the
     * result it takes at once, {@code null} to run the method, or {@link #CHECK} when the
     * counters must be read again (it arrived after the load started) and then passed to
     * {@link #takeChecked}.
     *
     * @param storeUp whether the counters can be read at all; asked only when it matters
     */
    Object takeAtOnce(Call c, Flight leader, Object shared, long arrived, BooleanSupplier storeUp) {
        Flight.Shared s = shared instanceof Flight.Shared ? (Flight.Shared) shared : null;
        if (s != null && leader.startedSince(arrived)) {
            return reads.hit(c, new Found(s.bytes, s.versions));
        }
        // Loaded while Redis was out of reach (the leader found out): there are no counters to
        // check it against, and other JVMs' evictions cannot reach us anyway; this JVM's own
        // evictions since the load started make it stale for a caller that came after them.
        if (s != null && s.offline) {
            return staleFor(c, leader) ? null : reads.hit(c, new Found(s.bytes, s.versions));
        }
        if (s == null || !storeUp.getAsBoolean() || pending.bypassing()) {
            return null; // nothing to take, or nothing to check it against: run the method
        }
        return CHECK;
    }

    /** The leader's result if the counters read after it landed ({@code now}) have not moved; else a load of this follower's own. */
    Object takeChecked(Call c, Flight.Shared s, Versions now) {
        if (s.versions.equals(now)) {
            return reads.hit(c, new Found(s.bytes, now));
        }
        return Load.miss(c, now);
    }

    /** Joins the flight of the call's key as a follower: its leader; or {@code null} when {@code mine} now leads it. */
    Flight join(Call c, Flight mine) {
        return flights.join(c.lookup().entryKey(), mine);
    }

    /** Unhooks a flight a follower gave up waiting for (see {@link Flights#abandon}). */
    void abandon(Call c, Flight leader) {
        flights.abandon(c.lookup().entryKey(), leader);
    }

    /** Ends a flight whose lead failed before it could load: followers run the method. */
    void landNothing(Call c, Flight flight) {
        flights.land(c.lookup().entryKey(), flight, null);
    }

    long waitMillis() {
        return waitMillis;
    }

    /** Ends the leader's flight with the entry it found: followers decode their own copies. */
    void land(Call c, Flight flight, Found found) {
        flights.land(c.lookup().entryKey(), flight, new Flight.Shared(found.bytes, found.versions, false));
    }

    /**
     * Ends a load's flight with what it encoded (or {@code null}: followers run the method). The
     * flight stays joinable until the store has answered, so that a call made after this one
     * returned, but before its entry could be read back, takes it from the flight (checked
     * against the counters like any late follower) instead of missing.
     */
    void landed(Load load, byte[] encoded, CompletionStage<Void> stored) {
        String key = load.call.lookup().entryKey();
        flights.landBefore(key, load.flight(), encoded == null ? null : new Flight.Shared(encoded, load.versions, !load.stores()), stored);
    }

    /** Ends a load's flight with the exception its method threw, which each follower re-throws. */
    void failed(Load load, Throwable thrown) {
        flights.fail(load.call.lookup().entryKey(), load.flight(), thrown);
    }
}
