package io.cachet.agent.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachet.agent.config.Durations;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.NearKey;
import io.cachet.agent.key.Versions;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.BuiltOnFirstUse;
import io.cachet.agent.store.InvalidationListener;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process tier in front of Redis (L1), for methods that allow it. Invalidation reaches it
 * through announcements of bumped version counters ({@link InvalidationListener}), which are at
 * most once; so it keeps three invariants, whatever is lost:
 * <ol>
 *   <li>An entry is served only if no counter it depends on was announced bumped since
 *       <em>before</em> it was read from Redis: a bump announced while its read was in flight
 *       makes it stale, like in Redis itself (a {@link Watch} is taken before the read).</li>
 *   <li>Nothing is served or stored while announcements may be missed (not subscribed), and
 *       everything stored before a gap is dropped when it ends (the epoch moves on).</li>
 *   <li>No entry is served longer than {@code cachet.near.ttl} after it was read from Redis, nor
 *       past its own TTL: that bounds what a lost announcement without a visible gap can cost.</li>
 * </ol>
 * Local counters count announcements, not Redis versions; only their changes matter.
 */
public final class NearCache implements InvalidationListener {

    /**
     * Where entries are found: one partition for every entry found by its Redis key, and one for
     * each method whose calls are found by their argument values ({@link #partition}). Within a
     * method's own partition the values alone are the key (the argument itself when there is one,
     * else a {@link NearKey} of them), with no key object to build or method to compare on a hit;
     * kept apart from the Redis keys, which an argument string could spell.
     */
    public static final class Partition {
        final NearCache owner;
        /** The near cache's clock, here so that a hit reads it without another indirection. */
        final NearClock clock;
        /**
         * A plain map, not a Caffeine cache: a hit is one {@code get} and a deadline compared
         * with {@link NearClock}, without the clock read, read buffer and drain a Caffeine read
         * with per-entry expiry makes (most of a near hit's time before). The bound and the
         * expiry are kept on the way in, by {@link #makeRoom}.
         */
        final Map<Object, NearEntry> entries = new ConcurrentHashMap<>();

        Partition(NearCache owner, NearClock clock) {
            this.owner = owner;
            this.clock = clock;
        }
    }

    /** The partitions and the local counters entries depend on, built on first use (see {@link BuiltOnFirstUse}). */
    private final class Maps {
        final NearClock clock;
        final Partition byRedisKey;
        /** Every partition, for the bound and for dropping everything: one per method found by value, and so bounded. */
        final List<Partition> partitions;
        /**
         * Local mirrors of the counters entries depend on. Weak values: an entry (or a watch)
         * keeps its counters alive, and a counter no entry uses any more goes, so this stays
         * bounded by the entries.
         */
        final Cache<String, AtomicLong> counters = Caffeine.newBuilder().weakValues().build();

        Maps(long ttlNanos) {
            clock = new NearClock(ttlNanos);
            byRedisKey = new Partition(NearCache.this, clock);
            partitions = new CopyOnWriteArrayList<>(List.of(byRedisKey));
        }
    }

    private final BuiltOnFirstUse<Maps> maps;
    private final AtomicLong epoch = new AtomicLong();
    private volatile boolean listening;
    private final long ttlNanos;
    private final int maxEntries;

    public NearCache(int maxEntries, Duration ttl) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.maps = new BuiltOnFirstUse<>(() -> new Maps(ttlNanos));
    }

    /** What an entry read from Redis after it will be checked against. */
    public static final class Watch {
        final Partition partition;
        final Object key;
        final long epoch;
        final AtomicLong[] counters;
        final long[] seen;

        Watch(Partition partition, Object key, long epoch, AtomicLong[] counters, long[] seen) {
            this.partition = partition;
            this.key = key;
            this.epoch = epoch;
            this.counters = counters;
            this.seen = seen;
        }
    }

    /**
     * A new partition for one method's entries found by argument value, or {@code kept} when it
     * is already one of this near cache's.
     */
    public Partition partition(Partition kept) {
        if (kept != null && kept.owner == this) {
            return kept;
        }
        Maps m = maps.get();
        Partition p = new Partition(this, m.clock);
        m.partitions.add(p);
        return p;
    }

    /** The partition of the entries found by their Redis key. */
    public Partition byRedisKey() {
        return maps.get().byRedisKey;
    }

    /**
     * Call before reading {@code lookup} from Redis.
     *
     * @param key what the entry will be found under in {@code partition}
     * @return the watch to fill with, or {@code null} when nothing may be stored now
     */
    public Watch watch(Partition partition, Object key, Lookup lookup) {
        if (!listening) {
            return null;
        }
        long e = epoch.get();
        Cache<String, AtomicLong> counters = maps.get().counters;
        AtomicLong[] watched = new AtomicLong[lookup.counterCount()];
        long[] seen = new long[watched.length];
        for (int i = 0; i < watched.length; i++) {
            watched[i] = counters.get(lookup.counterKey(i), k -> new AtomicLong());
            seen[i] = watched[i].get();
        }
        return new Watch(partition, key, e, watched, seen);
    }

    /** The current entry under {@code key} in {@code partition}, or {@code null}. */
    public NearEntry get(Partition partition, Object key) {
        if (!listening) {
            return null;
        }
        NearEntry e = partition.entries.get(key);
        if (e == null) {
            return null;
        }
        if (e.current(epoch.get()) && !partition.clock.passed(e.expiresAtNanos)) {
            return e;
        }
        partition.entries.remove(key, e);
        return null;
    }

    /**
     * Keeps an entry read from Redis (or just stored there) under {@code watch}'s key, unless it
     * is already stale.
     *
     * @param remainingMillis how long it may still be served by its own TTL
     * @param decoded the value {@code bytes} decode to; kept as it is only when no caller can
     *     mutate it, see {@link ImmutableValues}
     */
    public void fill(Watch watch, long remainingMillis, byte[] bytes, Versions versions, Object decoded) {
        if (watch == null || !listening || remainingMillis <= 0) {
            return;
        }
        long life = Math.min(ttlNanos, TimeUnit.MILLISECONDS.toNanos(remainingMillis));
        Object shared = decoded != null && ImmutableValues.canShare(decoded) ? decoded : null;
        NearEntry e = new NearEntry(watch, System.nanoTime() + life, bytes, versions, shared);
        // A bump after this check leaves a stale entry in the map, which get() refuses.
        if (e.current(epoch.get())) {
            Map<Object, NearEntry> entries = watch.partition.entries;
            if (!entries.containsKey(watch.key)) {
                makeRoom(maps.get());
            }
            entries.put(watch.key, e);
        }
    }

    /**
     * At the bound, drops what can no longer be served, then, if that was not enough, entries in
     * the map's order until a tenth of the room is free: an arbitrary choice rather than the
     * least recently used, so that a hit records nothing; an entry dropped too early is one more
     * read from Redis. Concurrent fills may overshoot the bound by their number.
     */
    private void makeRoom(Maps m) {
        if (size(m) < maxEntries) {
            return;
        }
        long e = epoch.get();
        for (Partition p : m.partitions) {
            p.entries.values().removeIf(entry -> !entry.current(e) || m.clock.passed(entry.expiresAtNanos));
        }
        int excess = size(m) - (maxEntries - Math.max(1, maxEntries / 10));
        for (Partition p : m.partitions) {
            for (Iterator<NearEntry> it = p.entries.values().iterator(); excess > 0 && it.hasNext(); excess--) {
                it.next();
                it.remove();
            }
        }
    }

    private static int size(Maps m) {
        int size = 0;
        for (Partition p : m.partitions) {
            size += p.entries.size();
        }
        return size;
    }

    @Override
    public void bumped(List<String> counterKeys) {
        Maps m = maps.ifBuilt();
        if (m == null) {
            return; // nothing depends on anything yet
        }
        for (String key : counterKeys) {
            AtomicLong c = m.counters.getIfPresent(key);
            if (c != null) {
                c.incrementAndGet();
            }
        }
    }

    @Override
    public void listening() {
        epoch.incrementAndGet();
        dropAll();
        listening = true;
        AgentLog.debug("near cache: listening for invalidations");
    }

    @Override
    public void deaf(String why) {
        listening = false;
        epoch.incrementAndGet();
        dropAll();
        AgentLog.debug("near cache: dropped, invalidations may be missed (" + why + ")");
    }

    private void dropAll() {
        Maps m = maps.ifBuilt();
        if (m != null) {
            for (Partition p : m.partitions) {
                p.entries.clear();
            }
        }
    }

    /** For the start-up line. */
    public String describe() {
        return "near cache on (ttl " + Durations.format(Duration.ofNanos(ttlNanos)) + ", at most "
                + maxEntries + " entries)";
    }
}
