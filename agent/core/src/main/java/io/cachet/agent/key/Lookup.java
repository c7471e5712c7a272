package io.cachet.agent.key;

/**
 * The Redis keys one call of a cached method reads in its single round trip: the entry, then
 * the version counters it is validated against, in this order: the cache's, the key's, each
 * tag's. An entry records its {@link Versions} in the same order.
 */
public final class Lookup {

    /** Index of the cache's counter among {@link #counterKey}s (bumped by {@code allEntries}). */
    public static final int CACHE_COUNTER = 0;
    /** Index of the key's counter (bumped by an eviction or a write-through of this one entry). */
    public static final int KEY_COUNTER = 1;

    private final String keyPart;
    /** The entry key, then the counter keys: exactly what one {@code MGET} reads. */
    private final String[] readKeys;

    Lookup(String keyPart, String[] readKeys) {
        this.keyPart = keyPart;
        this.readKeys = readKeys;
    }

    /** {@code [prefix:]cachet:<cacheName>:<keyPart>}. */
    public String entryKey() {
        return readKeys[0];
    }

    /** The entry's key part: readable, or {@code #} and a hash. */
    public String keyPart() {
        return keyPart;
    }

    public int counterCount() {
        return readKeys.length - 1;
    }

    public String counterKey(int index) {
        return readKeys[index + 1];
    }

    /**
     * The entry key followed by the counter keys, for the store's one read. Shared: callers must
     * not change it.
     */
    public String[] readKeys() {
        return readKeys;
    }

    @Override
    public String toString() {
        return readKeys[0];
    }
}
