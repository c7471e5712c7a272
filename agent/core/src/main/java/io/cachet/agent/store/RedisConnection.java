package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RedissonClient;

/**
 * The Redisson client, connected by a background thread: neither {@code premain} nor any call
 * waits for Redis to exist. Until the first connection is made there is no client, and the
 * store fails open. A failed attempt is retried with a back-off growing to one every 5 s, so a
 * fixed password or a server started late is picked up without a restart, and Redis sees no
 * reconnect storm.
 */
final class RedisConnection {

    private final String target;
    private final FirstConnection first;
    private volatile RedissonClient client;
    /** Set on detach, so that a connector still retrying gives up. */
    private volatile boolean closed;

    private RedisConnection(String target, FirstConnection first) {
        this.target = target;
        this.first = first;
    }

    /**
     * Starts connecting in the background.
     *
     * @param afterConnecting run once on the connector thread when the first connection is made:
     *     work the first calls would otherwise do themselves
     */
    static RedisConnection start(CachetConfig config, InvalidationChannel invalidations, Runnable afterConnecting) {
        RedisConnection connection = new RedisConnection(describe(config), new FirstConnection(config.get(Settings.REDIS_STARTUP_WAIT)));
        Thread connector = new AgentThreads("cachet-redis-connect").newThread(() -> {
            if (connection.connect(config, invalidations)) {
                afterConnecting.run();
            }
        });
        connector.start();
        return connection;
    }

    /** The server or the file for log lines, without credentials. */
    static String describe(CachetConfig config) {
        return config.get(Settings.REDIS_CONFIG) != null
                ? "config " + config.get(Settings.REDIS_CONFIG)
                : CachetConfig.maskPassword(config.get(Settings.REDIS_ADDRESS));
    }

    /** @return whether it connected (rather than being closed first) */
    private boolean connect(CachetConfig config, InvalidationChannel invalidations) {
        long backoffMillis = 500;
        boolean reported = false;
        while (client == null && !closed) {
            try {
                RedissonClient connected = RedissonClients.connect(config, invalidations);
                if (closed) {
                    connected.shutdown();
                    return false;
                }
                invalidations.subscribe(connected);
                client = connected;
                AgentLog.info("connected to Redis at " + target);
                first.attempted("connected");
                return true;
            } catch (Throwable t) {
                first.attempted("it failed (" + RedisFaults.describe(t) + ")");
                if (!reported) {
                    AgentLog.warn("cannot connect to Redis at " + target + " (" + RedisFaults.describe(t)
                            + "); calls run uncached, retrying in the background");
                    reported = true;
                }
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    return false;
                }
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
        return false;
    }

    /** The client, or {@code null} while not connected. */
    RedissonClient client() {
        return client;
    }

    /**
     * The client; while this JVM's first connection is being made, waits for it first (see
     * {@link FirstConnection}). {@code null} while not connected.
     */
    RedissonClient clientOrFirstConnection() {
        RedissonClient c = client;
        if (c == null) {
            first.await();
            c = client;
        }
        return c;
    }

    /**
     * The client once this JVM's first connection has been made or given up on (see
     * {@link FirstConnection#awaitAsync}), without blocking; {@code null} while not connected.
     */
    CompletionStage<RedissonClient> clientAfterFirstConnection() {
        RedissonClient c = client;
        if (c != null) {
            return CompletableFuture.completedFuture(c);
        }
        return first.awaitAsync().thenApply(ignored -> client);
    }

    String target() {
        return target;
    }

    void close() {
        RedissonClient c = client;
        client = null;
        closed = true;
        if (c != null) {
            c.shutdown();
        }
    }
}
