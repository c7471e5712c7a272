package io.cachet.agent.cache;

import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyWriter;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.EvictionKind;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Invalidation;
import io.cachet.agent.store.StoreException;
import java.util.List;

/**
 * Evictions an operator asks for (the status page, the command line), done exactly as the
 * matching {@code @Evicts} does them: one counter bump, plus the delete of a named entry. So an
 * eviction from outside reaches every JVM, is O(1), and makes loads in flight stale.
 */
public final class OperatorEvictions {

    private final EntryKeys keys;
    private final CacheStore store;

    public OperatorEvictions(EntryKeys keys, CacheStore store) {
        this.keys = keys;
        this.store = store;
    }

    /**
     * Every entry of {@code cacheName}, as {@code @Evicts(cache = ..., allEntries = true)}.
     *
     * @throws StoreException when Redis did not confirm it in time
     */
    public void cache(String cacheName) {
        store.invalidate(Invalidation.bumping(keys.cacheVersion(cacheName)));
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
        store.invalidate(Invalidation.bumping(keys.tagVersion(w.keyPart())));
        AgentMetrics.tagEvicted();
    }

    /**
     * One entry, as {@code @Evicts(cache = ..., key = ...)}.
     *
     * @param keyPart the key part as it appears in the entry's Redis key (after {@code cachet:<cache>:})
     * @throws IllegalArgumentException for a key part no entry can have (longer ones are hashed), so
     *     that an operator's typo cannot write an unbounded key into Redis
     * @throws StoreException when Redis did not confirm it in time
     */
    public void key(String cacheName, String keyPart) {
        if (keyPart.length() > KeyWriter.MAX_READABLE) {
            throw new IllegalArgumentException("no entry has a key part of " + keyPart.length() + " characters (at most "
                    + KeyWriter.MAX_READABLE + "; longer keys are stored as # and a hash)");
        }
        store.invalidate(new Invalidation(List.of(keys.keyVersion(cacheName, keyPart)), List.of(keys.cachePrefix(cacheName) + keyPart)));
        AgentMetrics.forCache(cacheName).evicted(EvictionKind.KEY);
    }
}
