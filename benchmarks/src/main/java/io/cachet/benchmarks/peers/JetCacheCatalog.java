package io.cachet.benchmarks.peers;

import com.alicp.jetcache.anno.CacheType;
import com.alicp.jetcache.anno.Cached;
import io.cachet.benchmarks.Product;
import java.util.concurrent.atomic.AtomicInteger;

/** The same method as {@code Catalog.product}, cached by JetCache in each of its tiers. */
public class JetCacheCatalog {

    private final Product prebuilt = Product.sample(1);
    private final AtomicInteger loads = new AtomicInteger();

    @Cached(name = "JetCacheCatalog.local", expire = 3600, cacheType = CacheType.LOCAL)
    public Product local(long id) {
        loads.incrementAndGet();
        return prebuilt;
    }

    @Cached(name = "JetCacheCatalog.remote", expire = 3600, cacheType = CacheType.REMOTE)
    public Product remote(long id) {
        loads.incrementAndGet();
        return prebuilt;
    }

    /** How often a method body ran: once per cache while the cases run only hits. */
    public int loads() {
        return loads.get();
    }
}
