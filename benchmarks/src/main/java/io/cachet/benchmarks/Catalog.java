package io.cachet.benchmarks;

import io.cachet.annotations.Cached;

/** The methods the cases call: the same body cached and uncached. */
public class Catalog {

    private final Product prebuilt = Product.sample(1);
    private final Product prebuiltUnmodifiable = Product.unmodifiableSample(1);

    /** The floor: no cache, a pre-built payload. */
    public Product direct(long id) {
        return prebuilt;
    }

    @Cached(ttl = "1h")
    public Product product(long id) {
        return prebuilt;
    }

    /**
     * With the near cache allowed: an in-process (L1) hit once the near cache is in the agent, an
     * L2 hit before. The payload can be mutated, so each hit is decoded (no caller sees another's changes).
     */
    @Cached(ttl = "1h", near = true)
    public Product nearProduct(long id) {
        return prebuilt;
    }

    /** As {@link #nearProduct}, with a payload nothing can mutate: the near cache may hand it out as it is. */
    @Cached(ttl = "1h", near = true)
    public Product nearUnmodifiableProduct(long id) {
        return prebuiltUnmodifiable;
    }

    /** Whether a result is one of the pre-built payloads, that is, came from a method body rather than a cache. */
    boolean isPrebuilt(Product p) {
        return p == prebuilt || p == prebuiltUnmodifiable;
    }

    /** Misses every time (a new id per call); a short TTL keeps Redis small. */
    @Cached(ttl = "5s", jitter = 0)
    public Product fresh(long id) {
        return prebuilt;
    }
}
