package io.cachet.agent.near;

import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Found;
import io.cachet.agent.store.Invalidation;
import io.cachet.agent.store.Lease;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The near cache (L1) in front of the shared store (L2). A read made for a near key takes a
 * {@linkplain NearCache#watch watch} before it goes to the store, and what it finds, or what is
 * loaded in its place, is kept in the near cache through {@link Found#keep}, unless an
 * invalidation was announced since the watch. The caller never sees a watch. Everything else
 * goes to the store as it is. Without a near cache (none configured, or local mode, whose store
 * already is in process) it is the store alone.
 */
public final class TieredStore implements CacheStore {

    private final CacheStore remote;
    /** {@code null} when there is no near tier. */
    private final NearCache near;

    /** @param near the near cache, or {@code null} for none */
    public TieredStore(CacheStore remote, NearCache near) {
        this.remote = remote;
        this.near = near;
    }

    /** Whether there is a near tier at all. */
    public boolean hasNearTier() {
        return near != null;
    }

    /**
     * Where one method's entries found by argument value are kept: {@code kept} when it is this
     * near cache's, else a new partition; {@code null} when there is no near tier.
     */
    public NearCache.Partition partition(NearCache.Partition kept) {
        return near == null ? null : near.partition(kept);
    }

    /** Where entries found by their Redis key are kept; {@code null} when there is no near tier. */
    public NearCache.Partition byRedisKey() {
        return near == null ? null : near.byRedisKey();
    }

    /** The near cache's current entry under {@code key} in {@code partition}, or {@code null}: no store call is made. */
    public NearEntry peek(NearCache.Partition partition, Object key) {
        return near == null ? null : near.get(partition, key);
    }

    /**
     * Reads {@code lookup} from the store, to be kept in the near cache under {@code key} in
     * {@code partition}.
     *
     * @param partition {@code null} for a read the near cache must not keep
     */
    public Found get(Lookup lookup, NearCache.Partition partition, Object key) {
        if (partition == null || near == null) {
            return remote.get(lookup);
        }
        NearCache.Watch watch = near.watch(partition, key, lookup);
        Found found = remote.get(lookup);
        return watch == null ? found : new Watched(found, watch);
    }

    /**
     * Takes {@code lease} and reads {@code lookup} under it ({@link CacheStore#tryLeaseThenGet}),
     * to be kept in the near cache like a {@link #get(Lookup, NearCache.Partition, Object) get}.
     *
     * @return what the read found, or {@code null} when someone else holds the lease
     */
    public Found tryLeaseThenGet(Lease lease, long leaseMillis, Lookup lookup, NearCache.Partition partition, Object key) {
        return watched(partition, key, lookup, () -> remote.tryLeaseThenGet(lease, leaseMillis, lookup));
    }

    /**
     * Reads {@code lookup} and takes {@code lease} if it finds no entry ({@link CacheStore#getThenLease}),
     * to be kept in the near cache like a {@link #get(Lookup, NearCache.Partition, Object) get}.
     */
    public Found getThenLease(Lease lease, long leaseMillis, Lookup lookup, NearCache.Partition partition, Object key) {
        return watched(partition, key, lookup, () -> remote.getThenLease(lease, leaseMillis, lookup));
    }

    /** What {@code read} finds ({@code null} as it is), watched from before it was sent. */
    private Found watched(NearCache.Partition partition, Object key, Lookup lookup, Supplier<Found> read) {
        if (partition == null || near == null) {
            return read.get();
        }
        NearCache.Watch watch = near.watch(partition, key, lookup);
        Found found = read.get();
        return watch == null || found == null ? found : new Watched(found, watch);
    }

    /** A read whose findings may go into the near cache, as of its watch. */
    private final class Watched extends Found {
        private final NearCache.Watch watch;

        Watched(Found found, NearCache.Watch watch) {
            super(found.bytes, found.versions);
            this.watch = watch;
        }

        @Override
        public void keep(byte[] bytes, Versions versions, Object value, long remainingMillis) {
            near.fill(watch, remainingMillis, bytes, versions, value);
        }
    }

    @Override
    public Found get(Lookup lookup) {
        return remote.get(lookup);
    }

    /** Straight to the store: the near tier is for calls whose value is known when they return. */
    @Override
    public CompletionStage<Found> getAsync(Lookup lookup) {
        return remote.getAsync(lookup);
    }

    @Override
    public Versions versions(Lookup lookup) {
        return remote.versions(lookup);
    }

    @Override
    public Versions versionsToBump(Lookup lookup) {
        return remote.versionsToBump(lookup);
    }

    @Override
    public CompletionStage<Void> put(String entryKey, byte[] value, long ttlMillis) {
        return remote.put(entryKey, value, ttlMillis);
    }

    @Override
    public void touch(String entryKey, long ttlMillis) {
        remote.touch(entryKey, ttlMillis);
    }

    /** Applied to this JVM's near cache at once, whether or not the store confirms it. */
    @Override
    public void invalidate(Invalidation invalidation) {
        try {
            remote.invalidate(invalidation);
        } finally {
            if (near != null) {
                near.bumped(invalidation.bump);
            }
        }
    }

    @Override
    public void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        try {
            remote.bumpAndPut(counterKey, entryKey, value, ttlMillis);
        } finally {
            if (near != null) {
                near.bumped(List.of(counterKey));
            }
        }
    }

    @Override
    public boolean tryLease(Lease lease, long leaseMillis) {
        return remote.tryLease(lease, leaseMillis);
    }

    @Override
    public Found tryLeaseThenGet(Lease lease, long leaseMillis, Lookup lookup) {
        return remote.tryLeaseThenGet(lease, leaseMillis, lookup);
    }

    @Override
    public Found getThenLease(Lease lease, long leaseMillis, Lookup lookup) {
        return remote.getThenLease(lease, leaseMillis, lookup);
    }

    @Override
    public boolean leaseHeld(Lease lease) {
        return remote.leaseHeld(lease);
    }

    @Override
    public CompletionStage<Void> putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease) {
        return remote.putThenRelease(entryKey, value, ttlMillis, lease);
    }

    @Override
    public void release(Lease lease) {
        remote.release(lease);
    }

    @Override
    public boolean shared() {
        return remote.shared();
    }

    @Override
    public boolean available() {
        return remote.available();
    }

    @Override
    public String describe() {
        return near == null ? remote.describe() : remote.describe() + ", " + near.describe();
    }

    @Override
    public void close() {
        remote.close();
    }
}
