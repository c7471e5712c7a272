package io.cachet.it.apps.faults;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workload saw during one phase (or one window): every call counted, none sampled.
 * A few anomalies are kept verbatim, so a failing assertion can say what was returned.
 */
final class Tally {

    private static final int EXAMPLES = 5;
    private static final long SLOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    final String name;
    private final long loadsAtStart;
    /** Set when the next phase starts; until then the loads so far are reported. */
    private volatile long loadsAtEnd = -1;
    private final LongAdder reads = new LongAdder();
    private final LongAdder updates = new LongAdder();
    private final LongAdder exceptions = new LongAdder();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder slow = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);
    private final Queue<String> examples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger exampleCount = new AtomicInteger();

    Tally(String name, long loadsAtStart) {
        this.name = name;
        this.loadsAtStart = loadsAtStart;
    }

    void end(long loadsNow) {
        loadsAtEnd = loadsNow;
    }

    /** A read of record {@code k} that took {@code nanos}. */
    void read(int k, long nanos) {
        reads.increment();
        timed("read", k, nanos);
    }

    /** An update of record {@code k} that took {@code nanos}. */
    void update(int k, long nanos) {
        updates.increment();
        timed("update", k, nanos);
    }

    private void timed(String call, int k, long nanos) {
        maxNanos.accumulate(nanos);
        if (nanos > SLOW_NANOS) {
            slow.increment();
            example("slow: " + call + "(" + k + ") took " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms");
        }
    }

    void exception(String call, Throwable t) {
        exceptions.increment();
        example(call + " threw " + t);
    }

    void wrong(String what) {
        wrong.increment();
        example("wrong: " + what);
    }

    void stale(String what) {
        stale.increment();
        example("stale: " + what);
    }

    private void example(String what) {
        if (exampleCount.getAndIncrement() < EXAMPLES) {
            examples.add(what);
        }
    }

    /**
     * One line: {@code name reads=.. updates=.. loads=.. exceptions=.. wrong=.. stale=..
     * slow=.. maxMs=.. examples=[..]}; loads are the read bodies that ran (misses) meanwhile.
     */
    String render(long loadsNow) {
        long loads = (loadsAtEnd >= 0 ? loadsAtEnd : loadsNow) - loadsAtStart;
        return name + " reads=" + reads.sum() + " updates=" + updates.sum() + " loads=" + loads
                + " exceptions=" + exceptions.sum() + " wrong=" + wrong.sum() + " stale=" + stale.sum()
                + " slow=" + slow.sum() + " maxMs=" + TimeUnit.NANOSECONDS.toMillis(maxNanos.get())
                + " examples=" + examples;
    }
}
