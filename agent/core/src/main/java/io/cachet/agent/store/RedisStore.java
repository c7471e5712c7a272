package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Entries, counters and leases in Redis through Redisson, moving {@code byte[]} only. Every call
 * is made through {@link RedisCalls} (bounded by the timeout, counted by the circuit breaker);
 * until the {@link RedisConnection} has connected, every call fails open at once. Evictions and
 * write-throughs are {@link RedisInvalidations}' job.
 */
public final class RedisStore implements CacheStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final RedisConnection connection;
    private final RedisCalls calls;
    private final RedisInvalidations invalidations;

    private RedisStore(CachetConfig config, InvalidationChannel channel, Runnable afterConnecting) {
        this.connection = RedisConnection.start(config, channel, afterConnecting);
        CircuitBreaker circuit = new CircuitBreaker(config.get(Settings.CIRCUIT_FAILURES), config.get(Settings.CIRCUIT_OPEN_FOR).toNanos());
        this.calls = new RedisCalls(connection, circuit, config.get(Settings.REDIS_TIMEOUT).toMillis());
        this.invalidations = new RedisInvalidations(calls, channel, config.get(Settings.RETENTION).toMillis(),
                config.get(Settings.WAIT_REPLICAS));
    }

    /**
     * A store that connects in the background and fails open until connected.
     *
     * @param channel where bumps are announced to the near caches of all JVMs
     * @param listener this JVM's near cache, or {@link InvalidationListener#NONE}
     * @param afterConnecting run on the connector thread once connected (see {@link RedisConnection#start})
     */
    public static RedisStore connectInBackground(CachetConfig config, String channel, InvalidationListener listener,
                                                 Runnable afterConnecting) {
        return new RedisStore(config, new InvalidationChannel(channel, listener), afterConnecting);
    }

    @Override
    public Found get(Lookup lookup) {
        String[] keys = lookup.readKeys();
        Map<String, byte[]> found = mget(keys);
        return new Found(found.get(keys[0]), counters(found, keys));
    }

    @Override
    public CompletionStage<Found> getAsync(Lookup lookup) {
        String[] keys = lookup.readKeys();
        return calls.<Map<String, byte[]>>async(c -> c.getBuckets(ByteArrayCodec.INSTANCE).getAsync(keys), "MGET")
                .thenApply(found -> new Found(found.get(keys[0]), counters(found, keys)));
    }

    @Override
    public Versions versions(Lookup lookup) {
        String[] keys = lookup.readKeys();
        return counters(mget(Arrays.copyOfRange(keys, 1, keys.length)), keys);
    }

    /**
     * MGET: one command on a single server; Redisson splits it by slot on a cluster and runs the
     * parts in parallel, so a read costs one round trip per node involved.
     */
    private Map<String, byte[]> mget(String[] keys) {
        return calls.await(calls.client().getBuckets(ByteArrayCodec.INSTANCE).getAsync(keys), "MGET");
    }

    /** The counters of {@code readKeys} (the entry key first) as {@code found} holds them. */
    private static Versions counters(Map<String, byte[]> found, String[] readKeys) {
        long[] versions = new long[readKeys.length - 1];
        for (int i = 1; i < readKeys.length; i++) {
            versions[i - 1] = counterValue(found.get(readKeys[i]));
        }
        return Versions.of(versions);
    }

    @Override
    public CompletionStage<Void> put(String entryKey, byte[] value, long ttlMillis) {
        RedissonClient c = calls.clientForBackground();
        if (c == null) {
            return DONE;
        }
        RFuture<Void> stored = c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        stored.whenComplete((ok, err) -> {
            if (err != null) {
                calls.failed(err);
                WriteFailures.report(entryKey, err);
            }
        });
        return answered(stored);
    }

    /** Completes normally once Redis has answered, whatever the answer: the failure is counted elsewhere. */
    private static CompletionStage<Void> answered(RFuture<?> f) {
        return f.handle((ok, err) -> null);
    }

    @Override
    public void touch(String entryKey, long ttlMillis) {
        RedissonClient c = calls.clientForBackground();
        if (c != null) {
            calls.whenFailed(c.getBucket(entryKey, ByteArrayCodec.INSTANCE).expireAsync(Duration.ofMillis(ttlMillis)), "touching " + entryKey);
        }
    }

    @Override
    public void invalidate(Invalidation invalidation) {
        invalidations.invalidate(invalidation);
    }

    @Override
    public void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        invalidations.bumpAndPut(counterKey, entryKey, value, ttlMillis);
    }

    @Override
    public boolean tryLease(Lease lease, long leaseMillis) {
        return calls.await(calls.client().getBucket(lease.key, StringCodec.INSTANCE)
                .setIfAbsentAsync(lease.token, Duration.ofMillis(leaseMillis)), "lease");
    }

    @Override
    public boolean leaseHeld(Lease lease) {
        return calls.await(calls.client().getBucket(lease.key, StringCodec.INSTANCE).isExistsAsync(), "lease check");
    }

    @Override
    public void release(Lease lease) {
        RedissonClient c = calls.clientForBackground();
        if (c != null) {
            // Compare-and-delete, so a holder whose lease expired cannot remove its successor's.
            calls.whenFailed(c.getBucket(lease.key, StringCodec.INSTANCE).compareAndSetAsync(lease.token, null), "releasing " + lease);
        }
    }

    @Override
    public CompletionStage<Void> putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease) {
        RedissonClient c = calls.clientForBackground();
        if (c == null) {
            return DONE; // the lease expires by itself
        }
        RFuture<Void> stored = c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        stored.whenComplete((ok, err) -> {
            if (err != null) {
                calls.failed(err);
                WriteFailures.report(entryKey, err);
            }
            release(lease);
        });
        return answered(stored);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean available() {
        return calls.available();
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
    public void close() {
        invalidations.flush();
        connection.close();
    }

    @Override
    public String describe() {
        return "mode=redis, redis=" + connection.target();
    }
}
