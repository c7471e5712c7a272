package io.cachet.agent.runtime;

import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines for futures that callers on non-blocking threads wait for. The JDK's
 * {@code CompletableFuture.orTimeout} would do, but it schedules on a
 * {@code ScheduledThreadPoolExecutor}, whose queue takes a lock: under contention a Reactor
 * thread setting a deadline would park. Here a deadline is set without a lock (a concurrent
 * queue and an unpark) and fired by one agent thread, which parks until the earliest one. A
 * deadline that fires after its future completed does nothing.
 */
public final class Deadlines {

    private static final class Deadline implements Comparable<Deadline> {
        final long atNanos;
        final CompletableFuture<?> future;

        Deadline(long atNanos, CompletableFuture<?> future) {
            this.atNanos = atNanos;
            this.future = future;
        }

        @Override
        public int compareTo(Deadline o) {
            return Long.compare(atNanos - o.atNanos, 0);
        }
    }

    private static final ConcurrentLinkedQueue<Deadline> INTAKE = new ConcurrentLinkedQueue<>();
    private static final Thread TIMER = new AgentThreads("cachet-deadlines").newThread(Deadlines::run);

    static {
        TIMER.start();
    }

    private Deadlines() {
    }

    /** {@code future}, completed with a {@link TimeoutException} if it has not completed within {@code millis}. */
    public static <T> CompletableFuture<T> within(CompletableFuture<T> future, long millis) {
        if (!future.isDone()) {
            INTAKE.add(new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis), future));
            LockSupport.unpark(TIMER);
        }
        return future;
    }

    private static void run() {
        PriorityQueue<Deadline> pending = new PriorityQueue<>();
        while (true) {
            for (Deadline d; (d = INTAKE.poll()) != null; ) {
                pending.add(d);
            }
            long now = System.nanoTime();
            while (!pending.isEmpty() && pending.peek().atNanos - now <= 0) {
                pending.poll().future.completeExceptionally(new TimeoutException());
            }
            while (!pending.isEmpty() && pending.peek().future.isDone()) {
                pending.poll();
            }
            if (INTAKE.isEmpty()) {
                // Woken early by a new deadline (unpark); a spurious wake-up only loops once more.
                LockSupport.parkNanos(pending.isEmpty() ? TimeUnit.SECONDS.toNanos(1) : pending.peek().atNanos - now);
            }
        }
    }
}
