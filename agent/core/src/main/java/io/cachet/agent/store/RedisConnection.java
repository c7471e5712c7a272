package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final CachetConfig config;
    private final InvalidationChannel invalidations;
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private volatile RedissonClient client;
    /** Set on detach, so that a connector still retrying gives up. */
    private volatile boolean closed;

    private RedisConnection(String target, FirstConnection first, CachetConfig config, InvalidationChannel invalidations) {
        this.target = target;
        this.first = first;
        this.config = config;
        this.invalidations = invalidations;
    }

    /**
     * Starts connecting in the background.
     *
     * @param afterConnecting run once on the connector thread when the first connection is made:
     *     work the first calls would otherwise do themselves
     */
    static RedisConnection start(CachetConfig config, InvalidationChannel invalidations, Runnable afterConnecting) {
        RedisConnection connection = new RedisConnection(describe(config), new FirstConnection(config.get(Settings.REDIS_STARTUP_WAIT)),
                config, invalidations);
        Thread connector = new AgentThreads("cachet-redis-connect").newThread(() -> {
            if (connection.connect(true)) {
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
    /** @param initial whether this is the JVM's first connection, whose calls find each path warmed first */
    private boolean connect(boolean initial) {
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
                if (initial) {
                    // Before the calls that wait for the first connection go: they then find each
                    // path warm. Not on a reconnect: the code is warm by then, and a reconnect made
                    // during a fault would spend its time (and hold off the next one) on it.
                    RedisWarmUp.run(connected, new EntryKeys(config.get(Settings.KEY_PREFIX)),
                            config.get(Settings.REDIS_CONNECT_TIMEOUT).toMillis());
                }
                first.attempted("connected");
                return true;
            } catch (UnusableRedisConfig e) {
                // Nothing to retry: the file must be fixed. One line, as for any Redis intent that cannot be honoured.
                first.attempted("it cannot (" + e.getMessage() + ")");
                AgentLog.error("Cachet caches nothing: Redis is asked for but cannot be used (" + e.getMessage()
                        + "); every call runs uncached until the file is fixed and the JVM restarted");
                return false;
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

    /**
     * Drops the client, with every connection it has, and connects afresh in the background: a
     * reply was seen that answers another command, so a connection's replies are out of step with
     * its commands and would stay so (Redisson reads each reply for the oldest command waiting).
     * Meanwhile calls run uncached; a second call while reconnecting does nothing.
     */
    void reconnect(String why) {
        RedissonClient dropped = client;
        if (dropped == null || closed || !reconnecting.compareAndSet(false, true)) {
            return;
        }
        client = null;
        AgentLog.warn("dropping the connections to Redis at " + target + " (" + why + "); calls run uncached until reconnected");
        new AgentThreads("cachet-redis-reconnect").newThread(() -> {
            try {
                dropped.shutdown(0, 2, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                AgentLog.debug("closing the dropped Redis client: " + e);
            }
            try {
                connect(false);
            } finally {
                reconnecting.set(false);
            }
        }).start();
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
