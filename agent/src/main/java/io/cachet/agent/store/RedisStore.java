package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.log.AgentLog;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Entries in Redis through Redisson, moving {@code byte[]} only. Every read waits at most
 * {@code cachet.redis.timeout}; repeated faults open a {@link CircuitBreaker}; the connection is
 * made by a background thread, so neither {@code premain} nor any call waits for Redis to exist.
 */
public final class RedisStore implements CacheStore {

    private final long timeoutMillis;
    private final CircuitBreaker circuit;
    private final String target;
    private volatile RedissonClient client;

    private RedisStore(CachetConfig config) {
        this.timeoutMillis = config.redisTimeout().toMillis();
        this.circuit = new CircuitBreaker(config.circuitFailureThreshold(), config.circuitOpenDuration().toNanos());
        this.target = config.redisConfigFile() != null
                ? "config " + config.redisConfigFile()
                : CachetConfig.maskPassword(config.redisAddress());
    }

    /** A store that connects in the background and fails open until connected. */
    public static RedisStore connectInBackground(CachetConfig config) {
        RedisStore store = new RedisStore(config);
        Thread connector = new AgentThreads("cachet-redis-connect").newThread(() -> store.connect(config));
        connector.start();
        return store;
    }

    private void connect(CachetConfig config) {
        long backoffMillis = 500;
        boolean reported = false;
        while (client == null) {
            try {
                client = RedissonClients.connect(config);
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
    public byte[] get(String key, long slideTtlMillis) {
        RedissonClient c = client;
        if (c == null || !circuit.allows()) {
            throw new StoreException("Redis unavailable", null);
        }
        RBucket<byte[]> bucket = c.getBucket(key, ByteArrayCodec.INSTANCE);
        RFuture<byte[]> f = slideTtlMillis > 0 ? bucket.getAndExpireAsync(Duration.ofMillis(slideTtlMillis)) : bucket.getAsync();
        try {
            byte[] value = f.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            circuit.success();
            return value;
        } catch (TimeoutException e) {
            f.cancel(false);
            circuit.failure("timed out after " + timeoutMillis + "ms");
            throw new StoreException("Redis GET timed out", e);
        } catch (ExecutionException e) {
            circuit.failure(rootCause(e));
            throw new StoreException("Redis GET failed", e.getCause());
        } catch (InterruptedException e) {
            // Keep the application's interrupt for the application. Counting it as a fault also
            // releases the probe, should this call have been the one let through an open circuit.
            Thread.currentThread().interrupt();
            circuit.failure("interrupted");
            throw new StoreException("interrupted", e);
        }
    }

    @Override
    public void put(String key, byte[] value, long ttlMillis) {
        RedissonClient c = client;
        if (c == null || circuit.isOpen()) {
            return;
        }
        c.getBucket(key, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis)).whenComplete((ok, err) -> {
            if (err != null) {
                circuit.failure(rootCause(err));
                AgentLog.debug("storing " + key + " failed: " + rootCause(err));
            }
        });
    }

    @Override
    public boolean available() {
        return client != null && circuit.isClosedOrProbeDue();
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
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
