package io.cachet.benchmarks.onejvm;

import java.lang.management.ManagementFactory;

/**
 * Where timed loops put their results: an empty method that the JIT is told to treat as a
 * compiler blackhole ({@code -XX:CompileCommand=blackhole,...}, JDK 17+), so the result counts
 * as used and costs nothing, as in JMH's compiler mode. Without that flag the JIT could drop
 * the work whose result it sees unused, so the harness refuses to run without it.
 */
final class Sink {

    static final String FLAG = "-XX:CompileCommand=blackhole," + Sink.class.getName() + "::consume";

    private Sink() {
    }

    static void consume(Object o) {
        // empty: a compiler blackhole
    }

    static void consume(long v) {
        // empty: a compiler blackhole
    }

    static void requireBlackhole() {
        if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains(FLAG)) {
            throw new IllegalStateException("run with -XX:+UnlockExperimentalVMOptions " + FLAG
                    + " (benchmarks/run.sh does): without it the JIT may drop what the loops compute");
        }
    }
}
