package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A caller spins on its reply only while it is alone enough to have a core for it, only while
 * replies come back within the spin, and never past its deadline. Each case tells spinning
 * from parking by the waiting thread itself: a spinner is runnable inside {@link ReplyWait#get},
 * a parked caller is in {@code TIMED_WAITING}, and the JVM counts every park of a thread.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a spin that ignored its deadline would not stop when interrupted
class ReplyWaitTest {

    private static final long LONG_SPIN = TimeUnit.MINUTES.toNanos(10);
    private static final long LONG_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void aCallerAloneSpinsUntilTheReplyComesWithoutParking() throws Exception {
        Waiter w = answeredOnce(new ReplyWait(LONG_SPIN, 2), Waiter::spinning);

        assertThat(w.parksDuringGet).as("parks while waiting for the reply").isZero();
    }

    @Test
    void onOneCoreNobodySpins() throws Exception {
        answeredOnce(new ReplyWait(LONG_SPIN, 1), Waiter::parked);
    }

    @Test
    void aZeroSpinParksAtOnce() throws Exception {
        answeredOnce(new ReplyWait(0, 64), Waiter::parked);
    }

    @Test
    void whileOneCallerSpinsTheNextOneParks() throws Exception {
        ReplyWait wait = new ReplyWait(LONG_SPIN, 2);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        Waiter spinner = Waiter.start(wait, first, LONG_TIMEOUT_MILLIS);
        awaitUntil(spinner::spinning);
        Waiter parker = Waiter.start(wait, second, LONG_TIMEOUT_MILLIS);
        awaitUntil(parker::parked);
        assertThat(spinner.spinning()).as("the first caller still spinning").isTrue();

        second.complete("second");
        first.complete("first");

        assertThat(parker.result()).isEqualTo("second");
        assertThat(spinner.result()).isEqualTo("first");
    }

    @Test
    void theSpinIsPartOfTheCallsDeadline() {
        ReplyWait wait = new ReplyWait(LONG_SPIN, 2);

        assertThatThrownBy(() -> wait.get(new CompletableFuture<>(), 50)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void whileMostRepliesOutlastTheSpinCallersParkAtOnceUntilRepliesComeSoonerAgain() throws Exception {
        long spin = TimeUnit.MILLISECONDS.toNanos(20);
        ReplyWait wait = new ReplyWait(spin, 2);
        for (int i = 0; i < 11; i++) { // replies that never came, waited for twice the spin: now 3 in 4 waits outlast it
            assertThatThrownBy(() -> wait.get(new CompletableFuture<>(), 40)).isInstanceOf(TimeoutException.class);
        }

        CompletableFuture<String> slowRedis = new CompletableFuture<>();
        Waiter parker = Waiter.start(wait, slowRedis, LONG_TIMEOUT_MILLIS);
        awaitUntil(parker::parked);
        assertThat(parker.cpuNanos()).as("CPU the caller used before it parked (a spin would use %d ns)", spin)
                .isLessThan(spin / 2);
        slowRedis.complete("parked");
        assertThat(parker.result()).isEqualTo("parked");

        for (int i = 0; i < 4; i++) { // replies that came as soon as they were waited for
            answeredOnce(wait, w -> w.parked() || w.spinning());
        }
        answeredOnce(wait, Waiter::spinning);
    }

    @Test
    void aReplyAlreadyThereIsReturnedWithoutWaiting() throws Exception {
        ReplyWait wait = new ReplyWait(LONG_SPIN, 2);

        assertThat(wait.get(CompletableFuture.completedFuture("value"), 1)).isEqualTo("value");
    }

    /**
     * Starts a caller waiting on a reply of its own, answers it once {@code until} holds of the
     * caller, and returns the caller, which got the answer.
     */
    private static Waiter answeredOnce(ReplyWait wait, Predicate<Waiter> until) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        Waiter w = Waiter.start(wait, reply, LONG_TIMEOUT_MILLIS);
        awaitUntil(() -> until.test(w));
        reply.complete("value");
        assertThat(w.result()).isEqualTo("value");
        return w;
    }

    /** A thread blocked in {@link ReplyWait#get} on one reply. */
    private static final class Waiter {
        private final Thread thread;
        private final CompletableFuture<Object> outcome = new CompletableFuture<>();
        /** How often the thread parked inside {@code get}: set before {@link #result} completes. */
        private volatile long parksDuringGet = -1;

        private Waiter(ReplyWait wait, CompletableFuture<String> reply, long timeoutMillis) {
            thread = new Thread(() -> {
                try {
                    long before = parksSoFar();
                    Object value = wait.get(reply, timeoutMillis);
                    parksDuringGet = parksSoFar() - before;
                    outcome.complete(value);
                } catch (Throwable t) {
                    outcome.completeExceptionally(t);
                }
            }, "reply-waiter");
            thread.setDaemon(true);
        }

        static Waiter start(ReplyWait wait, CompletableFuture<String> reply, long timeoutMillis) {
            Waiter w = new Waiter(wait, reply, timeoutMillis);
            w.thread.start();
            return w;
        }

        /** Runnable inside the wait's loop (no park below {@code ReplyWait.get} on its stack). */
        boolean spinning() {
            StackTraceElement[] stack = thread.getStackTrace();
            return thread.getState() == Thread.State.RUNNABLE && Arrays.stream(stack)
                    .anyMatch(f -> f.getClassName().equals(ReplyWait.class.getName()))
                    && Arrays.stream(stack).noneMatch(f -> f.getClassName().equals(LockSupport.class.getName()));
        }

        /** CPU time the thread has used so far. */
        long cpuNanos() {
            return THREADS.getThreadCpuTime(thread.getId());
        }

        boolean parked() {
            return thread.getState() == Thread.State.TIMED_WAITING;
        }

        /** The JVM's count of this thread's parks and waits; called on the thread itself. */
        private static long parksSoFar() {
            return THREADS.getThreadInfo(Thread.currentThread().getId()).getWaitedCount();
        }

        Object result() throws Exception {
            return outcome.get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition reached within 10 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
