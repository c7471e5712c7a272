package io.cachet.agent.cache;

import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyWriter;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.EvictionKind;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.StoreException;

/**
 * Evictions an operator asks for (the status page, the command line), done exactly as the
 * matching {@code @Evicts} does them: one counter bump, plus the delete of a named entry. So an
 * eviction from outside reaches every JVM, is O(1), and makes loads in flight stale.
 */
public final class OperatorEvictions {

    private static final String[] NONE = new String[0];

    private final EntryKeys keys;
    private final CacheStore store;
    private final long retentionMillis;

    public OperatorEvictions(EntryKeys keys, CacheStore store, long retentionMillis) {
        this.keys = keys;
        this.store = store;
        this.retentionMillis = retentionMillis;
    }

    /** Every entry of {@code cacheName}, as {@code @Evicts(cache = ..., allEntries = true)}. */
    public void cache(String cacheName) {
        store.bumpDeleteRead(new String[] {keys.cacheVersion(cacheName)}, NONE, NONE, retentionMillis);
        AgentMetrics.forCache(cacheName).evicted(EvictionKind.ALL);
    }

    /**
     * Every entry carrying {@code tag}, a rendered tag as {@code @Evicts(tags = ...)} renders it
     * ({@code user:42} for {@code user:{0}} and 42).
     *
     * @throws StoreException when Redis did not confirm it in time
     */
    public void tag(String tag) {
        KeyWriter w = new KeyWriter();
        w.literal(tag);
        store.bumpDeleteRead(new String[] {keys.tagVersion(w.keyPart())}, NONE, NONE, retentionMillis);
        AgentMetrics.tagEvicted();
    }

    /**
     * One entry, as {@code @Evicts(cache = ..., key = ...)}.
     *
     * @param keyPart the key part as it appears in the entry's Redis key (after {@code cachet:<cache>:})
     * @throws IllegalArgumentException for a key part no entry can have (longer ones are hashed), so
     *     that an operator's typo cannot write an unbounded key into Redis
     */
    public void key(String cacheName, String keyPart) {
        if (keyPart.length() > KeyWriter.MAX_READABLE) {
            throw new IllegalArgumentException("no entry has a key part of " + keyPart.length() + " characters (at most "
                    + KeyWriter.MAX_READABLE + "; longer keys are stored as # and a hash)");
        }
        store.bumpDeleteRead(new String[] {keys.keyVersion(cacheName, keyPart)},
                new String[] {keys.cachePrefix(cacheName) + keyPart}, NONE, retentionMillis);
        AgentMetrics.forCache(cacheName).evicted(EvictionKind.KEY);
    }
}
