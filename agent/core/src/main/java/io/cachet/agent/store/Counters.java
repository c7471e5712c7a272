package io.cachet.agent.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;

/**
 * How version counters come to exist in Redis. A counter is never created at 0: it starts at a
 * random base below 2<sup>59</sup>, so a counter that Redis lost (an empty restart, {@code
 * FLUSHALL}, a failover to a replica that never had it) and that a later eviction recreates does
 * not count through the values entries were recorded under before: those entries stay stale.
 * A cache's own counter is created when a read finds it missing, so every entry records one
 * counter that a lost keyspace cannot give back; a read of the counters alone (what a
 * write-through and a reload record) creates every missing one, so that a bump then adds one
 * to the value it read. A bump lands over a value that is not a
 * counter of ours (written by someone else, or of another type), starting it afresh.
 */
final class Counters {

    /**
     * Below 2^59 (18 digits): what {@link RedisStore#counterValue} reads, and as many bumps as
     * anyone will make before INCR could overflow.
     */
    private static final long BASE_BOUND = 1L << 59;

    /**
     * KEYS[1] a counter, ARGV[1] a fresh base, ARGV[2] the retention in ms. A missing counter, or
     * one holding anything but the decimal digits of a counter (GET of a key of another type is
     * an error, caught), starts at the base; SET replaces a key of any type, so a foreign value
     * never makes an eviction fail. Only GET, SET, INCR and PEXPIRE: what the README's ACL grants.
     */
    private static final String BUMP = "local v = redis.pcall('GET', KEYS[1])\n"
            + "if type(v) ~= 'string' or #v > 18 or not string.match(v, '^%d+$') then redis.call('SET', KEYS[1], ARGV[1]) end\n"
            + "local n = redis.call('INCR', KEYS[1])\n"
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
            + "return n";

    private final long retentionMillis;

    Counters(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    /** A base for a counter about to be created. */
    static long freshBase() {
        return ThreadLocalRandom.current().nextLong(1, BASE_BOUND);
    }

    /** Adds one bump of {@code key} to {@code batch}; it then lives for the retention. */
    void bumpIn(RBatch batch, String key) {
        batch.getScript(StringCodec.INSTANCE).evalAsync(key, RScript.Mode.READ_WRITE, BUMP, RScript.ReturnType.LONG,
                List.of(key), String.valueOf(freshBase()), String.valueOf(retentionMillis));
    }

    /**
     * Creates a cache's counter a read found missing (unless someone else just did) and reads it
     * back, in one round trip. It lives for the retention, like a bumped one; when it expires,
     * the next read creates it afresh and the cache's entries are misses once.
     *
     * @return what the counter holds now, as MGET would have returned it
     */
    CompletionStage<byte[]> create(RedissonClient c, String key) {
        return create(c, List.of(key)).thenApply(values -> values.get(key));
    }

    /** {@link #create(RedissonClient, String)} for several counters, in one round trip. */
    CompletionStage<Map<String, byte[]>> create(RedissonClient c, List<String> keys) {
        RBatch batch = c.createBatch();
        Map<String, RFuture<byte[]>> values = new HashMap<>();
        for (String key : keys) {
            batch.getBucket(key, StringCodec.INSTANCE).setIfAbsentAsync(String.valueOf(freshBase()), Duration.ofMillis(retentionMillis));
            values.put(key, batch.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).getAsync());
        }
        return batch.executeAsync().thenApply(done -> {
            Map<String, byte[]> read = new HashMap<>();
            values.forEach((key, value) -> read.put(key, value.toCompletableFuture().join()));
            return read;
        });
    }
}
