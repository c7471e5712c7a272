package io.cachet.benchmarks.peers;

import io.cachet.benchmarks.Product;
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
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * JetCache 2.7 method-cache hits through its Spring integration, without the agent: LOCAL
 * (Caffeine; it hands out the very instance it holds) and REMOTE (Redis, Kryo 5).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class JetCacheHits {

    private AnnotationConfigApplicationContext context;
    private JetCacheCatalog catalog;

    @Setup(Level.Trial)
    public void setUp() {
        context = new AnnotationConfigApplicationContext(JetCacheSetup.class);
        catalog = context.getBean(JetCacheCatalog.class);
        for (int i = 0; i < 2; i++) {
            catalog.local(1);
            catalog.remote(1);
        }
        if (catalog.loads() > 2) {
            throw new IllegalStateException("JetCache serves no hits: " + catalog.loads() + " loads for 2 keys");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public Product localHit() {
        return catalog.local(1);
    }

    @Benchmark
    public Product remoteHit() {
        return catalog.remote(1);
    }
}
