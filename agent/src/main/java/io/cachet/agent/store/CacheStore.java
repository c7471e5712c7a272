package io.cachet.agent.store;

/**
 * Where encoded entries and their version counters live: Redis, or an in-process map in local
 * mode. Implementations bound the time of every call and report faults as
 * {@link StoreException}; they never block a caller longer than the configured timeout.
 *
 * <p>Version counters start at 0 (absent) and only ever grow while they exist; each one lives
 * for the invalidation retention after its last bump.
 */
public interface CacheStore {

    /**
     * Reads an entry and the version counters it depends on, in one round trip.
     *
     * @param keys the entry key first, then version keys
     * @param versions receives the counters of {@code keys[1..]}, 0 for absent ones
     * @return the entry's bytes, or {@code null} when there is none
     * @throws StoreException when the store did not answer in time or failed
     */
    byte[] get(String[] keys, long[] versions);

    /** Stores {@code value} with a server-side TTL, without waiting for it; failures are logged. */
    void put(String key, byte[] value, long ttlMillis);

    /** Restarts an entry's TTL (sliding expiry), without waiting for it. */
    void touch(String key, long ttlMillis);

    /**
     * In one round trip: bumps counters (each then lives {@code retentionMillis}), deletes keys,
     * and reads counters. Once that has landed, the bumps are announced to the near caches of
     * every JVM.
     *
     * @return the bumped values, then the read values
     * @throws StoreException when it cannot be confirmed in time; some of it may have happened
     */
    long[] bumpDeleteRead(String[] bump, String[] delete, String[] read, long retentionMillis);

    /**
     * In one round trip: bumps one counter and stores an entry recorded under its expected new
     * value; if another bump got there first, the entry is simply stale. The bump is announced
     * like those of {@link #bumpDeleteRead}.
     *
     * @throws StoreException when it cannot be confirmed in time
     */
    void bumpAndPut(String bump, long retentionMillis, String key, byte[] value, long ttlMillis);

    /**
     * Takes the load lease of an entry for this JVM ({@code SET NX PX}), so that one load runs
     * for the whole cluster.
     *
     * @return whether this JVM holds it now
     * @throws StoreException when the store did not answer in time
     */
    boolean tryLease(String key, String token, long leaseMillis);

    /** Whether anyone holds the lease now. */
    boolean leaseHeld(String key);

    /**
     * Stores an entry and, once it is in, gives the lease back: whoever waits for either then
     * finds the entry. Without waiting; failures are logged.
     */
    void putThenReleaseLease(String key, byte[] value, long ttlMillis, String leaseKey, String token);

    /** Gives the lease back if {@code token} still holds it, without waiting. */
    void releaseLease(String key, String token);

    /** Whether other JVMs can share this store, so that leases mean something. */
    boolean shared();

    /** Whether calls may be tried now; false while disconnected or while the circuit is open. */
    boolean available();

    /** Mode and target for the start-up line, without credentials. */
    String describe();

    /** Releases connections and threads; the agent is being detached. */
    void close();
}
