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

/** A Spring {@code @Cacheable} hit on {@code RedissonSpringCacheManager}, without the agent. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class SpringCacheHit {

    private AnnotationConfigApplicationContext context;
    private SpringCatalog catalog;

    @Setup(Level.Trial)
    public void setUp() {
        context = new AnnotationConfigApplicationContext(SpringCacheSetup.class);
        catalog = context.getBean(SpringCatalog.class);
        catalog.product(1);
        catalog.product(1);
        if (catalog.loads() > 1) {
            throw new IllegalStateException("Spring @Cacheable serves no hits: " + catalog.loads() + " loads");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public Product hit() {
        return catalog.product(1);
    }
}
