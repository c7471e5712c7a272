package io.cachet.agent.store;

import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.log.AgentLog;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Sends one command down each path a call takes, once connected and before the first calls are
 * let through: the MGET of a read, a batch like the one that creates a counter, the lease check
 * and the lease's compare-and-delete. A cold JVM loads and links Redisson's code for each path on
 * its first use; over TLS that took longer than {@code cachet.redis.timeout}, so the first call
 * of a kind ran uncached, or loaded without its lease while another JVM waited for it
 * (SecureRedisIT saw both JVMs load a key one lease should have collapsed). Every key named
 * here is one no cache uses, in the namespace the README's ACL grants; nothing is written.
 */
final class RedisWarmUp {

    private static final String CACHE = "cachet-warm-up";

    private RedisWarmUp() {
    }

    /** Runs the commands one after another, each bounded by {@code waitMillis}; a failure only ends it early. */
    static void run(RedissonClient client, EntryKeys keys, long waitMillis) {
        String entry = keys.cachePrefix(CACHE) + "0";
        String counter = keys.cacheVersion(CACHE);
        String lease = keys.lease(CACHE, "0");
        try {
            await(RedisReads.mget(client, new String[] {entry, counter}), waitMillis);
            RBatch batch = client.createBatch();
            batch.getBucket(counter, ByteArrayCodec.INSTANCE).getAsync();
            batch.getBucket(entry, ByteArrayCodec.INSTANCE).getAsync();
            await(batch.executeAsync(), waitMillis);
            await(client.getBucket(lease, StringCodec.INSTANCE).isExistsAsync(), waitMillis);
            // A token nobody holds: the compare fails, nothing is deleted.
            await(client.getBucket(lease, StringCodec.INSTANCE).compareAndSetAsync(UUID.randomUUID().toString(), null), waitMillis);
        } catch (Exception e) {
            AgentLog.debug("warming up the Redis calls stopped early: " + RedisFaults.describe(e));
        }
    }

    private static void await(CompletionStage<?> f, long waitMillis) throws Exception {
        f.toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
    }
}
