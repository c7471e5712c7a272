package io.cachet.it.apps.faults;

import java.util.concurrent.TimeUnit;

/**
 * Holds the load of one key after it has read its version, until the test opens it: the way a
 * test puts a load "in flight" at a known point, then makes a fault or an eviction happen
 * during it, deterministically.
 */
final class Gate {

    /** Read without the lock by every load, so the workload's threads do not contend for it. */
    private volatile int key = -1;
    private int held;

    synchronized void close(int k) {
        key = k;
        held = 0;
    }

    synchronized void open() {
        key = -1;
        notifyAll();
    }

    /** Called by every load; parks a load of the closed key until {@link #open()}. */
    void pass(int k) {
        if (k != key) {
            return;
        }
        synchronized (this) {
            held++;
            notifyAll();
            while (key == k) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits until a load is held; {@code false} after {@code timeoutMillis} without one. */
    synchronized boolean awaitHeld(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (held == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
