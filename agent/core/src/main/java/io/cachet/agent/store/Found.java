package io.cachet.agent.store;

import io.cachet.agent.key.Versions;

/**
 * What one read of a {@link io.cachet.agent.key.Lookup} found: the entry's bytes as stored (or
 * {@code null}) and the current values of the counters it is validated against.
 */
public class Found {

    /** The entry as stored, {@code null} when there is none. */
    public final byte[] bytes;
    /** The counters' current values, in the lookup's order. */
    public final Versions versions;

    public Found(byte[] bytes, Versions versions) {
        this.bytes = bytes;
        this.versions = versions;
    }

    /**
     * Keeps a value that this read found current, or that was loaded because it found none, in
     * the tiers in front of the store that answered (the near cache), unless an invalidation came
     * after this read started. Does nothing where there is no such tier.
     *
     * @param bytes the entry as stored
     * @param versions what the entry is recorded under
     * @param value what {@code bytes} decode to, shared only if nothing can change it
     * @param remainingMillis how long the entry may still be served by its own TTL
     */
    public void keep(byte[] bytes, Versions versions, Object value, long remainingMillis) {
    }
}
