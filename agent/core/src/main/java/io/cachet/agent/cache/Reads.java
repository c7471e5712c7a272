package io.cachet.agent.cache;

import io.cachet.agent.codec.Entry;
import io.cachet.agent.codec.MethodCodec;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.metrics.Tier;
import io.cachet.agent.near.NearEntry;
import io.cachet.agent.near.TieredStore;
import io.cachet.agent.store.Found;
import io.cachet.agent.store.Lease;
import io.cachet.agent.store.StoreException;
import io.cachet.bootstrap.CacheHandlerHolder;

/**
 * Turns what the tiers hold into what a call returns: decoded, checked against the current
 * versions and the policy's windows, counted, kept in the tiers in front, and wrapped in the
 * method's return shape. Every path that serves a hit goes through here.
 */
final class Reads {

    private final TieredStore tiers;
    private final Refresher refresher;
    /** Where a hit from the store comes from: Redis, or this JVM's memory in local mode. */
    private final Tier storeTier;

    Reads(TieredStore tiers, Refresher refresher) {
        this.tiers = tiers;
        this.refresher = refresher;
        this.storeTier = tiers.shared() ? Tier.L2 : Tier.L1;
    }

    /**
     * The near tier's hit for a call whose arguments are its near key, when it is served without
     * decoding (a value nothing can change, or a copy of the entry's master); else {@code null}.
     * Before the call is prepared: a hit needs neither the method's runtime nor a lookup.
     *
     * @param byValue the call's key among the method's ({@link io.cachet.agent.key.CacheKeys#byValue})
     */
    Object nearByValue(CachedMethod m, Object byValue) {
        NearEntry e = tiers.peek(m.nearPartition(tiers), byValue);
        Object value = e == null ? null : e.served();
        return value == null ? null : nearHit(m, value);
    }

    /**
     * The near tier's hit for this call, copied or decoded afresh unless no caller can mutate
     * it; or {@code null}. Makes the call one the near tier keeps, whatever the answer.
     */
    Object near(Call c) {
        Object byValue = c.method.keys().byValue(c.args);
        c.nearPartition = byValue != null ? c.method.nearPartition(tiers) : tiers.byRedisKey();
        c.nearKey = byValue != null ? byValue : c.lookup().entryKey();
        NearEntry e = tiers.peek(c.nearPartition, c.nearKey);
        if (e == null) {
            return null;
        }
        Object value = e.served();
        if (value == null) {
            value = c.runtime.codec.decode(e.bytes, e.versions);
            if (value == MethodCodec.MISS) {
                return null;
            }
            value = e.adopt(value);
        }
        return nearHit(c.method, value);
    }

    private static Object nearHit(CachedMethod m, Object value) {
        m.stats().nearHit();
        Object result = m.shape().hit(value);
        return result == null ? CacheHandlerHolder.NULL : result;
    }

    /** Reads the call's entry and counters from the store, in one round trip. */
    Found read(Call c) {
        return tiers.get(c.lookup(), c.nearPartition, c.nearKey);
    }

    /**
     * Reads the call's entry and counters and, if there is no entry, takes the call's lease, in
     * one round trip where the store can: for a call that {@linkplain CachedMethod#expectsMiss
     * expects a miss}. {@link Lease#takenHere} says whether it was taken.
     */
    Found readOrLease(Call c, Lease lease, long leaseMillis) {
        return tiers.getThenLease(lease, leaseMillis, c.lookup(), c.nearPartition, c.nearKey);
    }

    /**
     * Takes the call's lease and reads its entry and counters under it, in one round trip where
     * the store can; {@code null} when another JVM holds the lease.
     */
    Found readUnderLease(Call c, Lease lease, long leaseMillis) {
        return tiers.tryLeaseThenGet(lease, leaseMillis, c.lookup(), c.nearPartition, c.nearKey);
    }

    /**
     * The hit {@code found} is for this call, or {@code null} when it holds nothing current: no
     * entry, an entry past its window, recorded under other versions, or undecodable.
     */
    Object hit(Call c, Found found) {
        Entry entry = Entry.parse(found.bytes, c.lookup().entryKey());
        if (entry == null || c.policy().pastStaleWindow(entry)) {
            return null;
        }
        Object value = c.runtime.codec.decode(entry, found.versions);
        if (value == MethodCodec.MISS) {
            return null;
        }
        if (c.policy().slidingTtl()) {
            tiers.touch(c.lookup().entryKey(), c.policy().ttlWithJitter());
        }
        c.method.stats().hit(storeTier);
        found.keep(found.bytes, found.versions, value, c.policy().remainingMillis(entry.loadTimeMillis()));
        if (c.method.shape().reloadable() && c.policy().dueForRefresh(entry)) {
            refresher.refresh(c);
        }
        return wrap(c, value);
    }

    /** Without single-flight: one read, and on a miss every caller loads for itself. */
    Object readThrough(Call call) {
        try {
            Found found = read(call);
            Object hit = hit(call, found);
            if (hit != null) {
                return hit;
            }
            countUnserved(call, found);
            return Load.miss(call, found.versions).keptBy(found);
        } catch (StoreException e) {
            call.method.stats().error(ErrorKind.REDIS);
            return null;
        }
    }

    /** Counts why an entry a lookup found was not served: stale (an eviction since), or undecodable. */
    static void countUnserved(Call c, Found found) {
        if (found.bytes == null) {
            return;
        }
        Entry entry = Entry.parse(found.bytes, c.lookup().entryKey());
        if (entry != null && c.policy().pastStaleWindow(entry)) {
            return;
        }
        if (entry != null && entry.versionCount() == found.versions.size() && !entry.recordedUnder(found.versions)) {
            c.method.stats().staleEntry();
        } else {
            c.method.stats().error(ErrorKind.CODEC);
            DecodeFailures.report(c, entry, found.versions);
        }
    }

    private static Object wrap(Call c, Object value) {
        Object result = c.method.shape().hit(value);
        return result == null ? CacheHandlerHolder.NULL : result;
    }
}
