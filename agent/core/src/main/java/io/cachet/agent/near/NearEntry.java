package io.cachet.agent.near;

import io.cachet.agent.key.Versions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One value of the near cache, with what proves it current: the epoch of the subscription it
 * was read under and the local counters of everything that can invalidate it, as they stood
 * before it was read from Redis.
 */
public final class NearEntry {

    final long epoch;
    final AtomicLong[] counters;
    final long[] seen;
    final long expiresAtNanos;
    /** The entry as Redis holds it; decoded for each hit, so no caller sees another's mutation. */
    public final byte[] bytes;
    /** The versions {@link #bytes} were validated under, to decode them again. */
    public final Versions versions;
    /** The value itself when nothing can mutate it (see {@link ImmutableValues}); else {@code null}. */
    public final Object shared;

    NearEntry(NearCache.Watch watch, long expiresAtNanos, byte[] bytes, Versions versions, Object shared) {
        this.epoch = watch.epoch;
        this.counters = watch.counters;
        this.seen = watch.seen;
        this.expiresAtNanos = expiresAtNanos;
        this.bytes = bytes;
        this.versions = versions;
        this.shared = shared;
    }

    boolean current(long currentEpoch) {
        if (epoch != currentEpoch) {
            return false;
        }
        for (int i = 0; i < counters.length; i++) {
            if (counters[i].get() != seen[i]) {
                return false;
            }
        }
        return true;
    }
}
