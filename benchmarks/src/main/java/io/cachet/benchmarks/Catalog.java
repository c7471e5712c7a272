package io.cachet.benchmarks;

import io.cachet.annotations.Cached;

/** The methods the cases call: the same body cached and uncached. */
public class Catalog {

    private final Product prebuilt = Product.sample(1);

    /** The floor: no cache, a pre-built payload. */
    public Product direct(long id) {
        return prebuilt;
    }

    @Cached(ttl = "1h")
    public Product product(long id) {
        return prebuilt;
    }

    /** With the near cache allowed: an in-process (L1) hit once the near cache is in the agent, an L2 hit before. */
    @Cached(ttl = "1h", near = true)
    public Product nearProduct(long id) {
        return prebuilt;
    }

    /** Misses every time (a new id per call); a short TTL keeps Redis small. */
    @Cached(ttl = "5s", jitter = 0)
    public Product fresh(long id) {
        return prebuilt;
    }
}
