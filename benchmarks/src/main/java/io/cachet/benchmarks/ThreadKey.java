package io.cachet.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A product id of the calling thread's own (1 to {@link Seed#KEYS}), for throughput over
 * distinct keys: with one shared key, Cachet's single-flight lets concurrent callers share one
 * Redis read, which a raw client does not do.
 */
@State(Scope.Thread)
public class ThreadKey {

    long id;

    @Setup
    public void pick(ThreadParams thread) {
        id = 1 + thread.getThreadIndex() % Seed.KEYS;
    }
}
