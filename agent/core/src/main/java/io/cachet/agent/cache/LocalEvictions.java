package io.cachet.agent.cache;

import io.cachet.agent.key.Lookup;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The evictions this JVM has made, as a sequence, whether Redis confirmed them or not. A load
 * notes where the sequence stood when it started; its result is not handed to a caller that
 * arrived after it started if one of that caller's counters was evicted here since. This holds
 * where Redis cannot tell (it is out of reach, or the eviction is still owed to it).
 *
 * <p>Counters are remembered by slot, a fixed array, so memory does not grow with the keys
 * evicted; two counters sharing a slot only cost a caller a load of its own.
 */
final class LocalEvictions {

    private static final int SLOTS = 4096;

    private final AtomicLong sequence = new AtomicLong();
    /** For each slot, the sequence number of the latest eviction of a counter in it. */
    private final AtomicLongArray latest = new AtomicLongArray(SLOTS);

    /** Where the sequence stands: what a load notes when it starts. */
    long now() {
        return sequence.get();
    }

    /**
     * Notes an eviction of {@code counterKeys}, before it is sent to Redis: a load that notes
     * the sequence after this started after the evicting method had returned.
     */
    void evicting(List<String> counterKeys) {
        long n = sequence.incrementAndGet();
        for (String key : counterKeys) {
            latest.accumulateAndGet(slot(key), n, Math::max);
        }
    }

    /** Whether a counter of {@code lookup} was evicted here after the sequence stood at {@code since}. */
    boolean evictedSince(Lookup lookup, long since) {
        for (int i = 0; i < lookup.counterCount(); i++) {
            if (latest.get(slot(lookup.counterKey(i))) > since) {
                return true;
            }
        }
        return false;
    }

    private static int slot(String counterKey) {
        return (counterKey.hashCode() & 0x7fffffff) % SLOTS;
    }
}
