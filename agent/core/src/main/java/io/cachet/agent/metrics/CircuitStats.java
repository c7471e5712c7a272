package io.cachet.agent.metrics;

import java.util.concurrent.atomic.LongAdder;

/** The Redis circuit breaker's state and how often it opened. */
public final class CircuitStats {

    private final LongAdder opened = new LongAdder();
    private volatile boolean open;

    /** The circuit opened: calls skip Redis until a probe succeeds. */
    public void opened() {
        open = true;
        opened.increment();
    }

    public void closed() {
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    public long timesOpened() {
        return opened.sum();
    }
}
