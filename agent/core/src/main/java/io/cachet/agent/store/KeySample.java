package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * What is in Redis under a key prefix, for {@code cachet-agent.jar inspect}: a bounded
 * {@code SCAN} (never {@code KEYS}) over at most {@code scanLimit} keys of the whole keyspace,
 * the share of them under the prefix scaled to {@code DBSIZE} (an estimate unless the scan saw
 * every key), and a few of them with their TTL and size.
 */
public final class KeySample {

    /** One sampled key. */
    public static final class Entry {
        public final String key;
        public final long ttlMillis;
        public final long bytes;

        Entry(String key, long ttlMillis, long bytes) {
            this.key = key;
            this.ttlMillis = ttlMillis;
            this.bytes = bytes;
        }
    }

    public final long databaseKeys;
    public final long scanned;
    public final long matched;
    public final List<Entry> entries;

    private KeySample(long databaseKeys, long scanned, long matched, List<Entry> entries) {
        this.databaseKeys = databaseKeys;
        this.scanned = scanned;
        this.matched = matched;
        this.entries = entries;
    }

    /** Whether the scan saw every key, so that {@link #estimate()} is exact. */
    public boolean exact() {
        return scanned >= databaseKeys;
    }

    /** Keys under the prefix: those seen, scaled from the share of the keyspace scanned. */
    public long estimate() {
        return exact() || scanned == 0 ? matched : Math.round((double) matched * databaseKeys / scanned);
    }

    /** @throws IOException when the Redis settings cannot be read; Redisson's exceptions when Redis cannot be reached */
    public static KeySample take(CachetConfig config, String prefix, int scanLimit, int sampleSize) throws IOException {
        RedissonClient client = RedissonClients.connect(config, null);
        try {
            long dbSize = client.getKeys().count();
            long scanned = 0;
            long matched = 0;
            List<Entry> entries = new ArrayList<>();
            // SCAN in chunks of 500 keys; the limit bounds the whole walk, whatever the keyspace holds.
            for (String key : client.getKeys().getKeys(KeysScanOptions.defaults().chunkSize(500).limit(scanLimit))) {
                scanned++;
                if (key.startsWith(prefix)) {
                    matched++;
                    if (entries.size() < sampleSize) {
                        RBucket<byte[]> b = client.getBucket(key, ByteArrayCodec.INSTANCE);
                        entries.add(new Entry(key, b.remainTimeToLive(), b.size()));
                    }
                }
            }
            return new KeySample(dbSize, scanned, matched, entries);
        } finally {
            client.shutdown();
        }
    }
}
