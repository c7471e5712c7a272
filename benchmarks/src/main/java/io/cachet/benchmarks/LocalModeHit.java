package io.cachet.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Cachet in local mode (no Redis): the in-process hit, bytes in Caffeine decoded per call so no
 * caller can see another's mutations. The near cache in front of Redis (issue 7) will reuse it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/cachet-agent.jar", "-Dcachet.redis.address=", "-Dcachet.log.level=WARN"})
public class LocalModeHit {

    private final Catalog catalog = new Catalog();

    @Benchmark
    public Product localHit() {
        return catalog.product(1);
    }
}
