package io.cachet.agent.store;

import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import java.util.concurrent.CompletionStage;

/**
 * Where encoded entries, their version counters and load leases live: Redis, or an in-process
 * map in local mode. Implementations bound the time of every call and report faults as
 * {@link StoreException}; they never block a caller longer than the configured timeout.
 *
 * <p>Version counters only ever grow while they exist; each one lives for the invalidation
 * retention after its last bump. An absent counter reads as 0; in Redis a counter is created at
 * a random base instead, and a cache's counter by the first read that finds it missing, so that
 * a counter Redis lost cannot count through old values again ({@code Counters}).
 */
public interface CacheStore {

    /**
     * Reads an entry and the version counters it depends on, in one round trip.
     *
     * @throws StoreException when the store did not answer in time or failed
     */
    Found get(Lookup lookup);

    /**
     * Reads an entry and its counters like {@link #get}, without waiting for the answer: for
     * callers on threads that must not block (a Reactor subscription). Bounded by the same
     * timeout and counted by the same circuit breaker; a fault completes it with a
     * {@link StoreException}. It may complete on the store's own threads (Redisson's event loop),
     * so whoever chains on it must not run application code there.
     */
    CompletionStage<Found> getAsync(Lookup lookup);

    /**
     * Reads only the counters of {@code lookup}.
     *
     * @throws StoreException when the store did not answer in time or failed
     */
    Versions versions(Lookup lookup);

    /**
     * The counters of {@code lookup}, for a write-through that records them and then bumps the
     * key's by one: a store whose bump starts a missing counter elsewhere than one past what was
     * read creates the missing ones first. A read that only compares must not create any: a
     * counter created after a load recorded it missing would make that load's entry stale.
     */
    default Versions versionsToBump(Lookup lookup) {
        return versions(lookup);
    }

    /**
     * Stores an entry with a server-side TTL, without waiting for it; failures are logged.
     *
     * @return completes (normally, whatever the outcome) once the store has answered
     */
    CompletionStage<Void> put(String entryKey, byte[] value, long ttlMillis);

    /** Restarts an entry's TTL (sliding expiry), without waiting for it. */
    void touch(String entryKey, long ttlMillis);

    /**
     * Applies an invalidation in one round trip. Once it has landed, its bumps are announced to
     * the near caches of every JVM.
     *
     * @throws StoreException when it cannot be confirmed in time; some of it may have happened
     */
    void invalidate(Invalidation invalidation);

    /**
     * In one round trip: bumps one counter and stores an entry recorded under its expected new
     * value (a write-through); if another bump got there first, the entry is simply stale. The
     * bump is announced like those of {@link #invalidate}.
     *
     * @throws StoreException when it cannot be confirmed in time
     */
    void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis);

    /**
     * Takes {@code lease} for this JVM, so that one load runs for the whole cluster.
     *
     * @return whether this JVM holds it now
     * @throws StoreException when the store did not answer in time
     */
    boolean tryLease(Lease lease, long leaseMillis);

    /**
     * Takes {@code lease} like {@link #tryLease} and, if this JVM holds it now, reads
     * {@code lookup} like {@link #get}: the read a new holder makes, since the previous one may
     * have stored the entry just before releasing. A store that can do both in one round trip
     * does. If the read fails after the lease was taken, {@link Lease#takenHere} says so, and the
     * lease is the caller's to give back.
     *
     * @return what the read found, or {@code null} when someone else holds the lease
     * @throws StoreException when the store did not answer in time
     */
    default Found tryLeaseThenGet(Lease lease, long leaseMillis, Lookup lookup) {
        if (!tryLease(lease, leaseMillis)) {
            return null;
        }
        lease.taken(leaseMillis);
        return get(lookup);
    }

    /**
     * Reads {@code lookup} like {@link #get} and, if it finds no entry, takes {@code lease} like
     * {@link #tryLeaseThenGet}: for a call that expects a miss. A store that can do both in one
     * round trip, with nothing stored in between, does. {@link Lease#takenHere} says whether
     * this JVM holds the lease now, whatever was found: a hit read under it gives it back.
     *
     * @return what the read found (under the lease, where it was taken)
     * @throws StoreException when the store did not answer in time
     */
    default Found getThenLease(Lease lease, long leaseMillis, Lookup lookup) {
        Found found = get(lookup);
        if (found.bytes != null) {
            return found;
        }
        Found leased = tryLeaseThenGet(lease, leaseMillis, lookup);
        return leased != null ? leased : found;
    }

    /**
     * Whether anyone holds the lease now.
     *
     * @throws StoreException when the store did not answer in time
     */
    boolean leaseHeld(Lease lease);

    /**
     * Stores an entry and, once it is in, gives the lease back: whoever waits for either then
     * finds the entry. Without waiting; failures are logged.
     *
     * @return completes (normally, whatever the outcome) once the store has answered the put
     */
    CompletionStage<Void> putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease);

    /** Gives the lease back if this JVM still holds it, without waiting. */
    void release(Lease lease);

    /** Whether other JVMs can share this store, so that leases mean something. */
    boolean shared();

    /** Whether calls may be tried now; false while disconnected or while the circuit is open. */
    boolean available();

    /** Mode and target for the start-up line, without credentials. */
    String describe();

    /** Releases connections and threads; the agent is being detached. */
    void close();
}
