package io.cachet.it.tx;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a writer's transaction open after its {@code @Evicts} method has returned, until the
 * test says how it ends: the window in which a reader elsewhere loads the row as it was before
 * the transaction, made as wide as the test wants and deterministic.
 */
public final class Hold {

    private final CountDownLatch evicted = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile long evictedAt;
    private volatile boolean rollback;

    /** Called inside the transaction, right after the invalidating method returned. */
    public void evictedThenWait() {
        evictedAt = System.nanoTime();
        evicted.countDown();
        try {
            if (!released.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never ended the transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the test asked for a rollback: read after {@link #evictedThenWait()}. */
    public boolean rollback() {
        return rollback;
    }

    /** Waits until the invalidating method has returned; its {@link System#nanoTime()} then. */
    long awaitEvicted() throws InterruptedException {
        if (!evicted.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the writer never reached its eviction");
        }
        return evictedAt;
    }

    /** Lets the transaction commit, or roll back. */
    void release(boolean rollback) {
        this.rollback = rollback;
        released.countDown();
    }
}
