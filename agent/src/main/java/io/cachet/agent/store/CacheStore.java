package io.cachet.agent.store;

/**
 * Where encoded entries live: Redis, or an in-process map in local mode. Implementations bound
 * the time of every call and report faults as {@link StoreException}; they never block a
 * caller longer than the configured timeout.
 */
public interface CacheStore {

    /**
     * @param slideTtlMillis when positive, also restarts the entry's TTL (sliding expiry)
     * @return the entry's bytes, or {@code null} when there is none
     * @throws StoreException when the store did not answer in time or failed
     */
    byte[] get(String key, long slideTtlMillis);

    /** Stores {@code value} with a server-side TTL, without waiting for it; failures are logged. */
    void put(String key, byte[] value, long ttlMillis);

    /** Whether calls may be tried now; false while disconnected or while the circuit is open. */
    boolean available();

    /** Mode and target for the start-up line, without credentials. */
    String describe();
}
