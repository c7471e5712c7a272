package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** One probe at a time once the circuit is open, and never a probe that holds it open for good. */
class CircuitBreakerTest {

    private static final long OPEN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static void waitOut(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }

    private static CircuitBreaker opened() {
        CircuitBreaker circuit = new CircuitBreaker(1, OPEN_NANOS);
        circuit.failure("scripted");
        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.allows()).as("within the open period").isFalse();
        return circuit;
    }

    @Test
    void oneProbeGoesOnceTheOpenPeriodIsOverAndItsSuccessClosesTheCircuit() {
        CircuitBreaker circuit = opened();
        waitOut(OPEN_NANOS);
        assertThat(circuit.allows()).as("the probe").isTrue();
        assertThat(circuit.allows()).as("a second call while the probe is out").isFalse();
        circuit.success();
        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.allows()).isTrue();
    }

    @Test
    void aProbeThatNeverReportsIsGivenUpAfterAnotherOpenPeriod() {
        CircuitBreaker circuit = opened();
        waitOut(OPEN_NANOS);
        assertThat(circuit.allows()).as("a probe whose call then ends without a word").isTrue();
        assertThat(circuit.isClosedOrProbeDue()).isFalse();
        waitOut(OPEN_NANOS);
        assertThat(circuit.isClosedOrProbeDue()).isTrue();
        assertThat(circuit.allows()).as("the next probe").isTrue();
        circuit.success();
        assertThat(circuit.isOpen()).isFalse();
    }
}
