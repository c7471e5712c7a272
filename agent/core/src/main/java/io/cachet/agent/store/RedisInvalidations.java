package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Evictions and write-throughs in Redis: counter bumps ({@link Counters}: each then lives for the retention),
 * deletes and entries in one round trip, confirmed by as many replicas as
 * {@code cachet.invalidation.wait-replicas} asks, then announced to every JVM's near cache.
 */
final class RedisInvalidations {

    private final RedisCalls calls;
    private final InvalidationChannel channel;
    private final Counters counters;
    private final int waitReplicas;
    /**
     * WAIT gets half the deadline; the other half is the round trip's, so that replicas too slow
     * come back as a count (the master is fine) instead of a timeout the circuit breaker counts.
     */
    private final long waitMillis;
    /** The latest announcement of bumps, which closing lets go out (a CLI eviction exits right after). */
    private volatile RFuture<Long> lastAnnouncement;

    RedisInvalidations(RedisCalls calls, InvalidationChannel channel, Counters counters, int waitReplicas) {
        this.calls = calls;
        this.channel = channel;
        this.counters = counters;
        this.waitReplicas = waitReplicas;
        this.waitMillis = Math.max(1, calls.timeoutMillis() / 2);
    }

    void invalidate(Invalidation invalidation) {
        RedissonClient c = calls.client();
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
        calls.await(CompletableFuture.allOf(all.stream().map(RFuture::toCompletableFuture).toArray(CompletableFuture[]::new)), "invalidation");
        // The masters have the bumps: near caches may drop what depends on them, replicated or not.
        announce(c, invalidation.bump);
        requireReplicated(replicated);
    }

    void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        RedissonClient c = calls.client();
        if (waitReplicas == 0) {
            RBatch batch = c.createBatch();
            bumpIn(batch, counterKey);
            batch.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
            calls.await(batch.executeAsync(), "write-through");
            announce(c, List.of(counterKey));
            return;
        }
        // The entry needs no replica: losing it costs a miss. Its counter does (see invalidate).
        RBatch counter = c.createBatch(BatchOptions.defaults().sync(waitReplicas, Duration.ofMillis(waitMillis)));
        bumpIn(counter, counterKey);
        RFuture<BatchResult<?>> replicated = counter.executeAsync();
        RFuture<Void> stored = c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        calls.await(CompletableFuture.allOf(replicated.toCompletableFuture(), stored.toCompletableFuture()), "write-through");
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

    private void bumpIn(RBatch batch, String key) {
        counters.bumpIn(batch, key);
    }

    private void announce(RedissonClient c, List<String> bumped) {
        RFuture<Long> f = channel.publish(c, bumped);
        if (f != null) {
            lastAnnouncement = f;
        }
    }

    /** Lets the last announcement go out before the connection closes. */
    void flush() {
        RFuture<Long> announcement = lastAnnouncement;
        if (announcement != null) {
            try {
                announcement.toCompletableFuture().get(calls.timeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                AgentLog.debug("an invalidation announcement may not have gone out: " + RedisFaults.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
