package io.cachet.benchmarks.peers;

import io.cachet.benchmarks.Product;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;

/** The same method as {@code Catalog.product}, cached by Spring's {@code @Cacheable}. */
public class SpringCatalog {

    private final Product prebuilt = Product.sample(1);
    private final AtomicInteger loads = new AtomicInteger();

    @Cacheable(SpringCacheSetup.CACHE)
    public Product product(long id) {
        loads.incrementAndGet();
        return prebuilt;
    }

    /** How often the method body ran: once while the case runs only hits. */
    public int loads() {
        return loads.get();
    }
}
