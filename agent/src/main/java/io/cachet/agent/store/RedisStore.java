package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.log.AgentLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RAtomicLongAsync;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Entries in Redis through Redisson, moving {@code byte[]} only. Every call waits at most
 * {@code cachet.redis.timeout}; repeated faults open a {@link CircuitBreaker}; until the
 * {@link RedisConnection} has connected, every call fails open at once.
 */
public final class RedisStore implements CacheStore {

    private final long timeoutMillis;
    private final long retentionMillis;
    private final int waitReplicas;
    /**
     * WAIT gets half the deadline; the other half is the round trip's, so that replicas too slow
     * come back as a count (the master is fine) instead of a timeout the circuit breaker counts.
     */
    private final long waitMillis;
    private final CircuitBreaker circuit;
    private final InvalidationChannel invalidations;
    private final RedisConnection connection;
    /** The latest announcement of bumps, which closing lets go out (a CLI eviction exits right after). */
    private volatile RFuture<Long> lastAnnouncement;

    private RedisStore(CachetConfig config, InvalidationChannel invalidations) {
        this.invalidations = invalidations;
        this.timeoutMillis = config.get(Settings.REDIS_TIMEOUT).toMillis();
        this.retentionMillis = config.get(Settings.RETENTION).toMillis();
        this.waitReplicas = config.get(Settings.WAIT_REPLICAS);
        this.waitMillis = Math.max(1, timeoutMillis / 2);
        this.circuit = new CircuitBreaker(config.get(Settings.CIRCUIT_FAILURES), config.get(Settings.CIRCUIT_OPEN_FOR).toNanos());
        this.connection = RedisConnection.start(config, invalidations);
    }

    /**
     * A store that connects in the background and fails open until connected.
     *
     * @param channel where bumps are announced to the near caches of all JVMs
     * @param listener this JVM's near cache, or {@link InvalidationListener#NONE}
     */
    public static RedisStore connectInBackground(CachetConfig config, String channel, InvalidationListener listener) {
        return new RedisStore(config, new InvalidationChannel(channel, listener));
    }

    @Override
    public Found get(Lookup lookup) {
        String[] keys = lookup.readKeys();
        Map<String, byte[]> found = mget(keys);
        long[] versions = new long[keys.length - 1];
        for (int i = 1; i < keys.length; i++) {
            versions[i - 1] = counterValue(found.get(keys[i]));
        }
        return new Found(found.get(keys[0]), Versions.of(versions));
    }

    @Override
    public Versions versions(Lookup lookup) {
        String[] keys = lookup.readKeys();
        Map<String, byte[]> found = mget(Arrays.copyOfRange(keys, 1, keys.length));
        long[] versions = new long[keys.length - 1];
        for (int i = 1; i < keys.length; i++) {
            versions[i - 1] = counterValue(found.get(keys[i]));
        }
        return Versions.of(versions);
    }

    /**
     * MGET: one command on a single server; Redisson splits it by slot on a cluster and runs the
     * parts in parallel, so a read costs one round trip per node involved.
     */
    private Map<String, byte[]> mget(String[] keys) {
        return await(client().getBuckets(ByteArrayCodec.INSTANCE).getAsync(keys), "MGET");
    }

    @Override
    public void put(String entryKey, byte[] value, long ttlMillis) {
        RedissonClient c = connection.client();
        if (c == null || circuit.isOpen()) {
            return;
        }
        whenFailed(c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis)), "storing " + entryKey);
    }

    @Override
    public void touch(String entryKey, long ttlMillis) {
        RedissonClient c = connection.client();
        if (c != null && !circuit.isOpen()) {
            whenFailed(c.getBucket(entryKey, ByteArrayCodec.INSTANCE).expireAsync(Duration.ofMillis(ttlMillis)), "touching " + entryKey);
        }
    }

    @Override
    public void invalidate(Invalidation invalidation) {
        RedissonClient c = client();
        RBatch batch = c.createBatch();
        List<RFuture<BatchResult<?>>> replicated = new ArrayList<>();
        for (String key : invalidation.bump) {
            if (waitReplicas > 0) {
                // One batch per counter: Redisson sums WAIT's answers over the nodes of a batch,
                // and only a batch on one node says whether that node's replicas have the bump.
                RBatch own = c.createBatch(BatchOptions.defaults().sync(waitReplicas, Duration.ofMillis(waitMillis)));
                bumpIn(own, key);
                replicated.add(own.executeAsync());
            } else {
                bumpIn(batch, key);
            }
        }
        for (String key : invalidation.delete) {
            batch.getBucket(key, ByteArrayCodec.INSTANCE).deleteAsync();
        }
        List<RFuture<?>> all = new ArrayList<>(replicated);
        all.add(batch.executeAsync());
        await(CompletableFuture.allOf(all.stream().map(RFuture::toCompletableFuture).toArray(CompletableFuture[]::new)), "invalidation");
        // The masters have the bumps: near caches may drop what depends on them, replicated or not.
        announce(c, invalidation.bump);
        requireReplicated(replicated);
    }

    @Override
    public void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        RedissonClient c = client();
        if (waitReplicas == 0) {
            RBatch batch = c.createBatch();
            bumpIn(batch, counterKey);
            batch.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
            await(batch.executeAsync(), "write-through");
            announce(c, List.of(counterKey));
            return;
        }
        // The entry needs no replica: losing it costs a miss. Its counter does (see invalidate).
        RBatch counter = c.createBatch(BatchOptions.defaults().sync(waitReplicas, Duration.ofMillis(waitMillis)));
        bumpIn(counter, counterKey);
        RFuture<BatchResult<?>> replicated = counter.executeAsync();
        RFuture<Void> stored = c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        await(CompletableFuture.allOf(replicated.toCompletableFuture(), stored.toCompletableFuture()), "write-through");
        announce(c, List.of(counterKey));
        requireReplicated(List.of(replicated));
    }

    /**
     * An eviction whose bump a master holds alone would be undone by a failover to its replica;
     * it is reported as unconfirmed, so that it is retried. The master answered, so the circuit
     * breaker is not told of a fault.
     */
    private void requireReplicated(List<RFuture<BatchResult<?>>> batches) {
        for (RFuture<BatchResult<?>> b : batches) {
            int synced = b.toCompletableFuture().join().getSyncedSlaves();
            if (synced < waitReplicas) {
                throw new StoreException("eviction reached " + synced + " of " + waitReplicas
                        + " replicas within " + waitMillis + "ms", null);
            }
        }
    }

    @Override
    public boolean tryLease(Lease lease, long leaseMillis) {
        return await(client().getBucket(lease.key, StringCodec.INSTANCE).setIfAbsentAsync(lease.token, Duration.ofMillis(leaseMillis)), "lease");
    }

    @Override
    public boolean leaseHeld(Lease lease) {
        return await(client().getBucket(lease.key, StringCodec.INSTANCE).isExistsAsync(), "lease check");
    }

    @Override
    public void release(Lease lease) {
        RedissonClient c = connection.client();
        if (c != null && !circuit.isOpen()) {
            // Compare-and-delete, so a holder whose lease expired cannot remove its successor's.
            whenFailed(c.getBucket(lease.key, StringCodec.INSTANCE).compareAndSetAsync(lease.token, null), "releasing " + lease);
        }
    }

    @Override
    public void putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease) {
        RedissonClient c = connection.client();
        if (c == null || circuit.isOpen()) {
            return; // the lease expires by itself
        }
        c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis)).whenComplete((ok, err) -> {
            if (err != null) {
                circuit.failure(RedisFaults.describe(err));
            }
            release(lease);
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    private void bumpIn(RBatch batch, String key) {
        RAtomicLongAsync counter = batch.getAtomicLong(key);
        counter.incrementAndGetAsync();
        counter.expireAsync(Duration.ofMillis(retentionMillis));
    }

    /** The connected client, or a fast failure while there is none or the circuit is open. */
    private RedissonClient client() {
        RedissonClient c = connection.client();
        if (c == null || !circuit.allows()) {
            throw new StoreException("Redis unavailable", null);
        }
        return c;
    }

    /** Waits at most the timeout; every outcome is reported to the circuit breaker. */
    private <T> T await(CompletionStage<T> f, String what) {
        try {
            T value = f.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            circuit.success();
            return value;
        } catch (TimeoutException e) {
            f.toCompletableFuture().cancel(false);
            circuit.failure("timed out after " + timeoutMillis + "ms");
            throw new StoreException("Redis " + what + " timed out", e);
        } catch (ExecutionException e) {
            circuit.failure(RedisFaults.describe(e));
            throw new StoreException("Redis " + what + " failed", e.getCause());
        } catch (InterruptedException e) {
            // Keep the application's interrupt for the application. Counting it as a fault also
            // releases the probe, should this call have been the one let through an open circuit.
            Thread.currentThread().interrupt();
            circuit.failure("interrupted");
            throw new StoreException("interrupted", e);
        }
    }

    private void whenFailed(RFuture<?> f, String what) {
        f.whenComplete((ok, err) -> {
            if (err != null) {
                circuit.failure(RedisFaults.describe(err));
                AgentLog.debug(what + " failed: " + RedisFaults.describe(err));
            }
        });
    }

    /** A counter as MGET returns it: decimal digits, or nothing when absent. */
    static long counterValue(byte[] digits) {
        if (digits == null) {
            return 0;
        }
        long v = 0;
        for (byte b : digits) {
            if (b < '0' || b > '9' || v > Long.MAX_VALUE / 10) {
                return Versions.FOREIGN; // not a counter of ours: can match no recorded version
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    @Override
    public boolean available() {
        return connection.client() != null && circuit.isClosedOrProbeDue();
    }

    private void announce(RedissonClient c, List<String> bumped) {
        RFuture<Long> f = invalidations.publish(c, bumped);
        if (f != null) {
            lastAnnouncement = f;
        }
    }

    @Override
    public void close() {
        RFuture<Long> announcement = lastAnnouncement;
        if (announcement != null) {
            try {
                announcement.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                AgentLog.debug("an invalidation announcement may not have gone out: " + RedisFaults.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.close();
    }

    @Override
    public String describe() {
        return "mode=redis, redis=" + connection.target();
    }
}
