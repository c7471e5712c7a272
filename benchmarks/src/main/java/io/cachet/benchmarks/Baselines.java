package io.cachet.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import java.util.stream.LongStream;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/** The floors, without the agent: a direct call, raw Caffeine, raw Redisson. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class Baselines {

    private Catalog catalog;
    private Cache<Long, Product> caffeine;
    private RedissonClient redisson;
    private RBucket<byte[]> bucket;
    private RBucket<byte[]>[] buckets;

    @Setup(Level.Trial)
    public void setUp() {
        catalog = new Catalog();
        caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
        caffeine.put(1L, Product.sample(1));
        Config config = new Config();
        config.useSingleServer().setAddress(System.getenv("CACHET_REDIS_ADDRESS"));
        config.setCodec(ByteArrayCodec.INSTANCE);
        redisson = Redisson.create(config);
        // The bytes Cachet stored for product(1) (written by run.sh's seeding step).
        bucket = redisson.getBucket(Seed.ENTRY, ByteArrayCodec.INSTANCE);
        if (bucket.get() == null) {
            throw new IllegalStateException("no Cachet entry under " + Seed.ENTRY + ": run benchmarks/run.sh");
        }
        @SuppressWarnings("unchecked")
        RBucket<byte[]>[] byId = LongStream.rangeClosed(0, Seed.KEYS)
                .mapToObj(id -> redisson.getBucket(Seed.entry(id), ByteArrayCodec.INSTANCE)).toArray(RBucket[]::new);
        buckets = byId;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redisson.shutdown();
    }

    @Benchmark
    public Product directCall() {
        return catalog.direct(1);
    }

    @Benchmark
    public Product caffeineGet() {
        return caffeine.getIfPresent(1L);
    }

    @Benchmark
    public byte[] redissonGet() {
        return bucket.get();
    }

    /** As {@link #redissonGet}, each thread reading the entry of its own product. */
    @Benchmark
    public byte[] redissonGetOwnKey(ThreadKey key) {
        return buckets[(int) key.id].get();
    }
}
