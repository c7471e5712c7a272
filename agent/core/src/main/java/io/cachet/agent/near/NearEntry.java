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
    /** The entry as Redis holds it, decoded for the first hit (and for every hit that cannot be copied). */
    public final byte[] bytes;
    /** The versions {@link #bytes} were validated under, to decode them again. */
    public final Versions versions;
    /** The value itself when nothing can mutate it (see {@link ImmutableValues}); else {@code null}. */
    public final Object shared;

    /** A decode of {@link #bytes} that no caller sees, and its copy plan; {@code null} until the first hit decodes. */
    private volatile Master master;

    /** The decoded instance copies are made from, and how; a {@code null} plan when it cannot be copied. */
    private static final class Master {
        final Object value;
        final CopyPlan plan;

        Master(Object value, CopyPlan plan) {
            this.value = value;
            this.plan = plan;
        }
    }

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

    /**
     * A value for one caller without decoding: the shared value, or a copy of the master; or
     * {@code null} when the bytes must be decoded (before the first hit, or when nothing can copy it).
     */
    public Object served() {
        if (shared != null) {
            return shared;
        }
        Master m = master;
        return m == null || m.plan == null ? null : m.plan.copy(m.value);
    }

    /**
     * The first hit's decode: kept as the master if it can be copied (see {@link CopyPlan}), and
     * the value the caller gets instead of it.
     *
     * @param decoded a decode of {@link #bytes} that no one else holds
     */
    public Object adopt(Object decoded) {
        if (master != null) {
            return decoded; // another hit adopted one first
        }
        CopyPlan plan = CopyPlan.of(decoded);
        master = new Master(decoded, plan);
        return plan == null ? decoded : plan.copy(decoded);
    }
}
