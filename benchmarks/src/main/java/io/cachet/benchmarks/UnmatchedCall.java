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
 * The agent's cost on a method it does not match: {@link Catalog#direct} in a class it did
 * instrument (its other methods are cached), compared with {@code Baselines.directCall}, the
 * same call without the agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-javaagent:agent/target/cachet-agent.jar", "-Dcachet.log.level=WARN"})
public class UnmatchedCall {

    private final Catalog catalog = new Catalog();

    @Benchmark
    public Product directCallWithAgent() {
        return catalog.direct(1);
    }
}
