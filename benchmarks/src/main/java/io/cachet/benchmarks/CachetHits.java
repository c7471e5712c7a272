package io.cachet.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cachet with the real agent against the same Redis ({@code CACHET_REDIS_ADDRESS}): an L2 hit
 * (entry, cache, key counters in one MGET, then decode), hits of methods with the near cache
 * allowed (L1; one payload mutable, one not), and the miss path's overhead (the method itself costs nothing here: it returns a
 * pre-built payload).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/cachet-agent.jar", "-Dcachet.log.level=WARN"})
public class CachetHits {

    private final Catalog catalog = new Catalog();
    private final AtomicLong ids = new AtomicLong(System.nanoTime());

    @Setup
    public void awaitEntries() throws InterruptedException {
        // The agent connects in the background; until then calls run uncached. Not a test: a
        // bounded wait (a shared, loaded machine can take seconds to connect), and the run fails
        // below rather than measure the uncached method.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Seed.cached(catalog) && Seed.nearCached(catalog)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!Seed.cached(catalog) || !Seed.nearCached(catalog)) {
            throw new IllegalStateException("Cachet serves no hits after 30 s: is CACHET_REDIS_ADDRESS up? (run benchmarks/run.sh)");
        }
    }

    @Benchmark
    public Product l2Hit() {
        return catalog.product(1);
    }

    /** As {@link #l2Hit}, each thread reading its own product. */
    @Benchmark
    public Product l2HitOwnKey(ThreadKey key) {
        return catalog.product(key.id);
    }

    @Benchmark
    public Product l1Hit() {
        return catalog.nearProduct(1);
    }

    @Benchmark
    public Product l1HitUnmodifiable() {
        return catalog.nearUnmodifiableProduct(1);
    }

    @Benchmark
    public Product missOverhead() {
        return catalog.fresh(ids.incrementAndGet());
    }
}
