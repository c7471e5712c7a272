package io.cachet.benchmarks;

import io.cachet.annotations.Cached;
import java.util.concurrent.atomic.AtomicLong;

/** The methods the cases call: the same body cached and uncached. */
public class Catalog {

    private final Product prebuilt = Product.sample(1);
    private final Product prebuiltUnmodifiable = Product.unmodifiableSample(1);
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong freshCalls = new AtomicLong();

    /** The floor: no cache, a pre-built payload. */
    public Product direct(long id) {
        return prebuilt;
    }

    @Cached(ttl = "1h")
    public Product product(long id) {
        loads.incrementAndGet();
        return prebuilt;
    }

    /**
     * With the near cache allowed: an in-process (L1) hit once the near cache is in the agent, an
     * L2 hit before. The payload can be mutated, so each hit is decoded (no caller sees another's changes).
     */
    @Cached(ttl = "1h", near = true)
    public Product nearProduct(long id) {
        loads.incrementAndGet();
        return prebuilt;
    }

    /** As {@link #nearProduct}, with a payload nothing can mutate: the near cache may hand it out as it is. */
    @Cached(ttl = "1h", near = true)
    public Product nearUnmodifiableProduct(long id) {
        loads.incrementAndGet();
        return prebuiltUnmodifiable;
    }

    /**
     * How often the bodies of the cached product methods ran (not {@link #fresh}): a call that
     * leaves it unchanged was served from a cache. Identity cannot tell, since the near cache
     * may hand out the very instance a load returned when nothing in it can be mutated.
     */
    public long loads() {
        return loads.get();
    }

    /** How often the body of {@link #fresh} ran: once per call, since every call misses. */
    public long freshCalls() {
        return freshCalls.get();
    }

    /** Misses every time (a new id per call); a short TTL keeps Redis small. */
    @Cached(ttl = "5s", jitter = 0)
    public Product fresh(long id) {
        freshCalls.incrementAndGet();
        return prebuilt;
    }
}
