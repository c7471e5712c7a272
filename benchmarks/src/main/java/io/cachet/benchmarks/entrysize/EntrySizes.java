package io.cachet.benchmarks.entrysize;

import com.alicp.jetcache.CacheValueHolder;
import com.alicp.jetcache.support.Kryo5ValueEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cachet.benchmarks.Product;
import io.cachet.benchmarks.Seed;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.codec.Kryo5Codec;
import org.redisson.config.Config;
import org.springframework.data.redis.serializer.GenericJackson2JsonRedisSerializer;

/**
 * Bytes one entry of the benchmark payload takes as a value, in each library's own encoding:
 * Cachet's are read back from Redis (stored through the agent by {@link Seed}), the others are
 * what each library's encoder produces for the same object. Writes {@code name bytes} lines.
 * Not JMH: sizes do not vary between runs.
 */
public final class EntrySizes {

    private EntrySizes() {
    }

    public static void main(String[] args) throws IOException {
        Product product = Product.sample(1);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("cachet", cachetEntry().length);
        // What JetCache's remote tier stores: its value holder, through the Kryo 5 encoder.
        sizes.put("jetcache-kryo5", Kryo5ValueEncoder.INSTANCE.apply(new CacheValueHolder<>(product, TimeUnit.HOURS.toMillis(1))).length);
        // What Spring Data Redis's JSON cache serializer stores, with Java time support
        // registered as every Spring Boot application has it (it fails on Instant without).
        GenericJackson2JsonRedisSerializer springJson = new GenericJackson2JsonRedisSerializer()
                .configure(mapper -> mapper.registerModule(new JavaTimeModule()));
        sizes.put("spring-json", springJson.serialize(product).length);
        sizes.put("plain-json", new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsBytes(product).length);
        sizes.put("redisson-kryo5", redissonKryo(product));
        sizes.put("jdk-serialization", jdkSerialized(product).length);

        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[0])), true, StandardCharsets.UTF_8)) {
            sizes.forEach((name, bytes) -> out.println(name + " " + bytes));
        }
        sizes.forEach((name, bytes) -> System.out.println(name + ": " + bytes + " bytes"));
    }

    private static byte[] cachetEntry() {
        Config config = new Config();
        config.useSingleServer().setAddress(System.getenv("CACHET_REDIS_ADDRESS"));
        RedissonClient redisson = Redisson.create(config);
        try {
            RBucket<byte[]> bucket = redisson.getBucket(Seed.ENTRY, ByteArrayCodec.INSTANCE);
            byte[] entry = bucket.get();
            if (entry == null) {
                throw new IllegalStateException("no Cachet entry under " + Seed.ENTRY + ": run benchmarks/run.sh");
            }
            return entry;
        } finally {
            redisson.shutdown();
        }
    }

    /** What RedissonSpringCacheManager's default codec makes of the value (the map entry adds its own TTL fields). */
    private static int redissonKryo(Product product) throws IOException {
        ByteBuf encoded = new Kryo5Codec().getValueEncoder().encode(product);
        try {
            return encoded.readableBytes();
        } finally {
            encoded.release();
        }
    }

    private static byte[] jdkSerialized(Product product) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(product);
        }
        return bytes.toByteArray();
    }
}
