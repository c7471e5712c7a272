package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.log.AgentLog;
import java.time.Duration;
import java.util.ArrayList;
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
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Entries in Redis through Redisson, moving {@code byte[]} only. Every read waits at most
 * {@code cachet.redis.timeout}; repeated faults open a {@link CircuitBreaker}; the connection is
 * made by a background thread, so neither {@code premain} nor any call waits for Redis to exist.
 */
public final class RedisStore implements CacheStore {

    private static final String CHANNEL_DETAILS = " channel: [";

    private final long timeoutMillis;
    private final int waitReplicas;
    /**
     * WAIT gets half the deadline; the other half is the round trip's, so that replicas too slow
     * come back as a count (the master is fine) instead of a timeout the circuit breaker counts.
     */
    private final long waitMillis;
    private final CircuitBreaker circuit;
    private final String target;
    private final InvalidationChannel invalidations;
    private volatile RedissonClient client;
    /** The latest announcement of bumps, which closing lets go out (a CLI eviction exits right after). */
    private volatile RFuture<Long> lastAnnouncement;
    /** Set on detach, so that a connector still retrying gives up. */
    private volatile boolean closed;

    private RedisStore(CachetConfig config, InvalidationChannel invalidations) {
        this.invalidations = invalidations;
        this.timeoutMillis = config.redisTimeout().toMillis();
        this.waitReplicas = config.waitReplicas();
        this.waitMillis = Math.max(1, timeoutMillis / 2);
        this.circuit = new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenDuration().toNanos());
        this.target = config.redisConfigFile() != null
                ? "config " + config.redisConfigFile()
                : CachetConfig.maskPassword(config.redisAddress());
    }

    /**
     * A store that connects in the background and fails open until connected.
     *
     * @param channel where bumps are announced to the near caches of all JVMs
     * @param listener this JVM's near cache, or {@link InvalidationListener#NONE}
     */
    public static RedisStore connectInBackground(CachetConfig config, String channel, InvalidationListener listener) {
        RedisStore store = new RedisStore(config, new InvalidationChannel(channel, listener));
        Thread connector = new AgentThreads("cachet-redis-connect").newThread(() -> store.connect(config));
        connector.start();
        return store;
    }

    private void connect(CachetConfig config) {
        long backoffMillis = 500;
        boolean reported = false;
        while (client == null && !closed) {
            try {
                RedissonClient connected = RedissonClients.connect(config, invalidations);
                if (closed) {
                    connected.shutdown();
                    return;
                }
                invalidations.subscribe(connected);
                client = connected;
                AgentLog.info("connected to Redis at " + target);
                return;
            } catch (Throwable t) {
                if (!reported) {
                    AgentLog.warn("cannot connect to Redis at " + target + " (" + rootCause(t)
                            + "); calls run uncached, retrying in the background");
                    reported = true;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    @Override
    public byte[] get(String[] keys, long[] versions) {
        RedissonClient c = client();
        // MGET: one command on a single server; Redisson splits it by slot on a cluster and runs
        // the parts in parallel, so a hit costs one round trip per node involved.
        RFuture<Map<String, byte[]>> f = c.getBuckets(ByteArrayCodec.INSTANCE).getAsync(keys);
        Map<String, byte[]> found = await(f, "MGET");
        for (int i = 1; i < keys.length; i++) {
            versions[i - 1] = counterValue(found.get(keys[i]));
        }
        return found.get(keys[0]);
    }

    @Override
    public void put(String key, byte[] value, long ttlMillis) {
        RedissonClient c = client;
        if (c == null || circuit.isOpen()) {
            return;
        }
        whenFailed(c.getBucket(key, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis)), "storing " + key);
    }

    @Override
    public void touch(String key, long ttlMillis) {
        RedissonClient c = client;
        if (c != null && !circuit.isOpen()) {
            whenFailed(c.getBucket(key, ByteArrayCodec.INSTANCE).expireAsync(Duration.ofMillis(ttlMillis)), "touching " + key);
        }
    }

    @Override
    public long[] bumpDeleteRead(String[] bump, String[] delete, String[] read, long retentionMillis) {
        RedissonClient c = client();
        RBatch batch = c.createBatch();
        List<RFuture<BatchResult<?>>> replicated = new ArrayList<>();
        List<RFuture<Long>> results = new ArrayList<>(bump.length + read.length);
        for (String key : bump) {
            if (waitReplicas > 0) {
                // One batch per counter: Redisson sums WAIT's answers over the nodes of a batch,
                // and only a batch on one node says whether that node's replicas have the bump.
                RBatch own = c.createBatch(BatchOptions.defaults().sync(waitReplicas, Duration.ofMillis(waitMillis)));
                results.add(bumpIn(own, key, retentionMillis));
                replicated.add(own.executeAsync());
            } else {
                results.add(bumpIn(batch, key, retentionMillis));
            }
        }
        for (String key : delete) {
            batch.getBucket(key, ByteArrayCodec.INSTANCE).deleteAsync();
        }
        for (String key : read) {
            results.add(batch.getAtomicLong(key).getAsync());
        }
        List<RFuture<?>> all = new ArrayList<>(replicated);
        all.add(batch.executeAsync());
        await(CompletableFuture.allOf(all.stream().map(RFuture::toCompletableFuture).toArray(CompletableFuture[]::new)), "invalidation");
        // The masters have the bumps: near caches may drop what depends on them, replicated or not.
        announce(c, bump);
        requireReplicated(replicated);
        long[] out = new long[results.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = results.get(i).toCompletableFuture().join();
        }
        return out;
    }

    @Override
    public void bumpAndPut(String bump, long retentionMillis, String key, byte[] value, long ttlMillis) {
        RedissonClient c = client();
        if (waitReplicas == 0) {
            RBatch batch = c.createBatch();
            bumpIn(batch, bump, retentionMillis);
            batch.getBucket(key, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
            await(batch.executeAsync(), "write-through");
            announce(c, new String[] {bump});
            return;
        }
        // The entry needs no replica: losing it costs a miss. Its counter does (see bumpDeleteRead).
        RBatch counter = c.createBatch(BatchOptions.defaults().sync(waitReplicas, Duration.ofMillis(waitMillis)));
        bumpIn(counter, bump, retentionMillis);
        RFuture<BatchResult<?>> replicated = counter.executeAsync();
        RFuture<Void> stored = c.getBucket(key, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        await(CompletableFuture.allOf(replicated.toCompletableFuture(), stored.toCompletableFuture()), "write-through");
        announce(c, new String[] {bump});
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
    public boolean tryLease(String key, String token, long leaseMillis) {
        RBucket<String> lease = client().getBucket(key, StringCodec.INSTANCE);
        return await(lease.setIfAbsentAsync(token, Duration.ofMillis(leaseMillis)), "lease");
    }

    @Override
    public boolean leaseHeld(String key) {
        return await(client().getBucket(key, StringCodec.INSTANCE).isExistsAsync(), "lease check");
    }

    @Override
    public void releaseLease(String key, String token) {
        RedissonClient c = client;
        if (c != null && !circuit.isOpen()) {
            // Compare-and-delete, so a holder whose lease expired cannot remove its successor's.
            whenFailed(c.getBucket(key, StringCodec.INSTANCE).compareAndSetAsync(token, null), "releasing " + key);
        }
    }

    @Override
    public void putThenReleaseLease(String key, byte[] value, long ttlMillis, String leaseKey, String token) {
        RedissonClient c = client;
        if (c == null || circuit.isOpen()) {
            return; // the lease expires by itself
        }
        c.getBucket(key, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis)).whenComplete((ok, err) -> {
            if (err != null) {
                circuit.failure(rootCause(err));
            }
            releaseLease(leaseKey, token);
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    private static RFuture<Long> bumpIn(RBatch batch, String key, long retentionMillis) {
        RAtomicLongAsync counter = batch.getAtomicLong(key);
        RFuture<Long> bumped = counter.incrementAndGetAsync();
        counter.expireAsync(Duration.ofMillis(retentionMillis));
        return bumped;
    }

    /** The connected client, or a fast failure while there is none or the circuit is open. */
    private RedissonClient client() {
        RedissonClient c = client;
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
            circuit.failure(rootCause(e));
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
                circuit.failure(rootCause(err));
                AgentLog.debug(what + " failed: " + rootCause(err));
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
                return -1; // not a counter of ours: can match no recorded version
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    @Override
    public boolean available() {
        return client != null && circuit.isClosedOrProbeDue();
    }

    private void announce(RedissonClient c, String[] bumped) {
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
                AgentLog.debug("an invalidation announcement may not have gone out: " + rootCause(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RedissonClient c = client;
        client = null;
        closed = true;
        if (c != null) {
            c.shutdown();
        }
    }

    @Override
    public String describe() {
        return "mode=redis, redis=" + target;
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String message = c.getMessage();
        if (message != null && message.contains(CHANNEL_DETAILS)) {
            // Redisson appends the Netty channel and the command to its errors; a log line needs neither.
            message = message.substring(0, message.indexOf(CHANNEL_DETAILS));
        }
        return c.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
