package io.cachet.benchmarks.onejvm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cachet.benchmarks.Catalog;
import io.cachet.benchmarks.Product;
import io.cachet.benchmarks.Seed;
import io.cachet.benchmarks.peers.JetCacheCatalog;
import io.cachet.benchmarks.peers.JetCacheSetup;
import io.cachet.benchmarks.peers.SpringCacheSetup;
import io.cachet.benchmarks.peers.SpringCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The contenders of issue 17, on the same ~1 KB product payload and the same Redis: the
 * remote floors (raw socket, raw Redisson), Cachet's L2 hit and miss, the remote peers, the
 * in-process floors (a map, Caffeine), Cachet's near hits and JetCache LOCAL.
 */
final class Contenders {

    /** The baseline every remote figure is divided by, measured in the same round. */
    static final String REMOTE_BASELINE = "redisson-get";
    /** The baseline every local figure is divided by, measured in the same round. */
    static final String LOCAL_BASELINE = "chm-get";

    private Contenders() {
    }

    static List<Contender> main(String address, Catalog catalog) throws Exception {
        List<Contender> out = new ArrayList<>();
        out.add(new SocketGet(address));
        out.add(new RedissonGet(address));
        out.add(new CachetL2(catalog));
        out.add(new JetCacheRemote(jetCache()));
        out.add(new SpringHit());
        out.add(new CachetMiss(catalog));
        out.add(new ChmGet());
        out.add(new CaffeineGet());
        out.add(new CachetNear("cachet-near-unmodifiable", catalog, true,
                "Cachet near hit, payload nothing can mutate (`List.copyOf` variants): handed out as it is"));
        out.add(new CachetNear("cachet-near-mutable", catalog, false,
                "Cachet near hit, mutable payload (`ArrayList` variants): a copy of a kept decode per hit (decoded only for the first)"));
        out.add(new JetCacheLocal(jetCache()));
        return out;
    }

    private static JetCacheCatalog jetCacheCatalog;

    private static synchronized JetCacheCatalog jetCache() {
        if (jetCacheCatalog == null) {
            jetCacheCatalog = new AnnotationConfigApplicationContext(JetCacheSetup.class).getBean(JetCacheCatalog.class);
        }
        return jetCacheCatalog;
    }

    /** A Redisson client with its defaults (the peers' and the JMH floor's configuration). */
    static RedissonClient defaultRedisson(String address) {
        Config config = new Config();
        config.useSingleServer().setAddress(address);
        config.setCodec(ByteArrayCodec.INSTANCE);
        return Redisson.create(config);
    }

    static final class SocketGet extends Contender.Remote {
        private final RespSocket socket;
        private final byte[] get = RespSocket.command("GET", Seed.ENTRY);
        private long misses;

        SocketGet(String address) throws Exception {
            super("socket-get", false, "hand-written RESP GET of Cachet's entry on a blocking `java.net.Socket` (the floor)");
            socket = new RespSocket(address);
        }

        @Override
        Object call() throws Exception {
            byte[] v = socket.get(get);
            if (v == null) {
                misses++;
            }
            return v;
        }

        @Override
        long loads() {
            return misses;
        }

        @Override
        void close() throws Exception {
            socket.close();
        }
    }

    static final class RedissonGet extends Contender.Remote {
        private final RedissonClient redisson;
        private final RBucket<byte[]> bucket;
        private long misses;

        RedissonGet(String address) {
            super(REMOTE_BASELINE, false, "raw Redisson `RBucket<byte[]>.get()` of Cachet's entry, Redisson's defaults (the remote baseline)");
            redisson = defaultRedisson(address);
            bucket = redisson.getBucket(Seed.ENTRY, ByteArrayCodec.INSTANCE);
        }

        @Override
        Object call() {
            byte[] v = bucket.get();
            if (v == null) {
                misses++;
            }
            return v;
        }

        @Override
        long loads() {
            return misses;
        }

        @Override
        void close() {
            redisson.shutdown();
        }
    }

    static final class CachetL2 extends Contender.Remote {
        private final Catalog catalog;
        private final long id = 1;

        CachetL2(Catalog catalog) {
            super("cachet-l2", false, "Cachet L2 hit (`@Cached`, near cache off): MGET of the entry and its counters, decode");
            this.catalog = catalog;
        }

        @Override
        Object call() {
            return catalog.product(id);
        }

        @Override
        long loads() {
            return catalog.loads();
        }

        @Override
        String cachetCache() {
            return "Catalog.product";
        }

        @Override
        String cachetTier() {
            return "HitsL2";
        }
    }

    static final class CachetMiss extends Contender.Remote {
        private final Catalog catalog;
        private long next = System.nanoTime();

        CachetMiss(Catalog catalog) {
            super("cachet-miss", false, "Cachet miss path (a new key per call, the method costs ~0): after a miss, one script reads and takes the lease; method, SET");
            this.catalog = catalog;
        }

        @Override
        Object call() {
            return catalog.fresh(next++);
        }

        @Override
        long loads() {
            return catalog.freshCalls();
        }

        @Override
        long loadsPerCall() {
            return 1;
        }

        @Override
        String cachetCache() {
            return "Catalog.fresh";
        }

        @Override
        String cachetTier() {
            return "Misses";
        }
    }

    static final class JetCacheRemote extends Contender.Remote {
        private final JetCacheCatalog catalog;
        private final long id = 1;

        JetCacheRemote(JetCacheCatalog catalog) {
            super("jetcache-remote", false, "JetCache 2.7 `@Cached` REMOTE hit (Redisson, Kryo 5), Spring AOP");
            this.catalog = catalog;
            catalog.remote(id);
        }

        @Override
        Object call() {
            return catalog.remote(id);
        }

        @Override
        long loads() {
            return catalog.loads();
        }
    }

    static final class SpringHit extends Contender.Remote {
        private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(SpringCacheSetup.class);
        private final SpringCatalog catalog = context.getBean(SpringCatalog.class);
        private final long id = 1;

        SpringHit() {
            super("spring-redisson", false, "Spring `@Cacheable` hit on `RedissonSpringCacheManager` (Redisson's Kryo 5 codec)");
            catalog.product(id);
        }

        @Override
        Object call() {
            return catalog.product(id);
        }

        @Override
        long loads() {
            return catalog.loads();
        }

        @Override
        void close() {
            context.close();
        }
    }

    static final class ChmGet extends Contender.Local {
        private final ConcurrentHashMap<Long, Product> map = new ConcurrentHashMap<>();
        private final Long key = 1L;
        private long misses;

        ChmGet() {
            super(LOCAL_BASELINE, false, "`ConcurrentHashMap.get` of the product (the local baseline)");
            map.put(key, Product.sample(1));
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Product p = map.get(key);
                if (p == null) {
                    misses++;
                }
                Sink.consume(p);
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return misses;
        }
    }

    static final class CaffeineGet extends Contender.Local {
        private final Cache<Long, Product> cache = Caffeine.newBuilder().maximumSize(10_000).build();
        private final Long key = 1L;
        private long misses;

        CaffeineGet() {
            super("caffeine-get", false, "Caffeine `getIfPresent` (size-bounded, no expiry)");
            cache.put(key, Product.sample(1));
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Product p = cache.getIfPresent(key);
                if (p == null) {
                    misses++;
                }
                Sink.consume(p);
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return misses;
        }
    }

    static final class CachetNear extends Contender.Local {
        private final Catalog catalog;
        private final boolean unmodifiable;
        private final long id = 1;

        CachetNear(String id, Catalog catalog, boolean unmodifiable, String what) {
            super(id, false, what);
            this.catalog = catalog;
            this.unmodifiable = unmodifiable;
        }

        @Override
        long run(int n) {
            // Two loops, not one with a branch: each stays a single call site of its own method.
            long t0 = System.nanoTime();
            if (unmodifiable) {
                for (int i = 0; i < n; i++) {
                    Sink.consume(catalog.nearUnmodifiableProduct(id));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    Sink.consume(catalog.nearProduct(id));
                }
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return catalog.loads();
        }

        @Override
        String cachetCache() {
            return unmodifiable ? "Catalog.nearUnmodifiableProduct" : "Catalog.nearProduct";
        }

        @Override
        String cachetTier() {
            return "HitsL1";
        }
    }

    static final class JetCacheLocal extends Contender.Local {
        private final JetCacheCatalog catalog;
        private final long id = 1;

        JetCacheLocal(JetCacheCatalog catalog) {
            super("jetcache-local", false, "JetCache 2.7 `@Cached` LOCAL hit (Caffeine; hands every caller the one instance), Spring AOP");
            this.catalog = catalog;
            catalog.local(id);
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Sink.consume(catalog.local(id));
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return catalog.loads();
        }
    }
}
