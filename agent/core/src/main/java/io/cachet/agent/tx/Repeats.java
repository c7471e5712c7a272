package io.cachet.agent.tx;

import io.cachet.agent.runtime.AgentThreads;
import io.cachet.agent.runtime.BuiltOnFirstUse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When an eviction made at a method's return is applied a second time. An eviction inside a
 * transaction reaches Redis before that transaction commits, and a reader that misses in
 * between loads the row as it was before the transaction and stores it under the new versions;
 * applying the eviction again once the transaction has completed drops whatever was loaded in
 * that window. Inside a transaction the agent can see ({@link Transactions}), that is right
 * after its completion, on the completing thread, before the commit returns to the caller.
 * Otherwise, with {@code cachet.invalidation.repeat-after} set, it is that long after the
 * return, on an agent thread: a guess at how long the unseen transaction stays open, and so a
 * weaker promise. Without it, it is never.
 */
public final class Repeats {

    private final Transactions transactions;
    /** {@code 0} when repeat-after is off. */
    private final long delayMillis;
    private final BuiltOnFirstUse<ScheduledExecutorService> timer =
            new BuiltOnFirstUse<>(() -> Executors.newSingleThreadScheduledExecutor(new AgentThreads("cachet-evict-repeat")));

    /** @param repeatAfter the delay for transactions the agent cannot see, or {@code null} for none */
    public Repeats(Transactions transactions, Duration repeatAfter) {
        this.transactions = transactions;
        this.delayMillis = repeatAfter == null ? 0 : Math.max(1, repeatAfter.toMillis());
    }

    /** The transaction {@code caller}'s method runs in, or {@code null} when the agent sees none. */
    public OpenTransaction transaction(Class<?> caller) {
        try {
            return transactions.current(caller);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * Runs {@code eviction} again after the completion of the transaction {@code caller}'s method
     * runs in; or, when the agent sees none, after repeat-after; or never.
     */
    public void again(Class<?> caller, Runnable eviction) {
        OpenTransaction tx = transaction(caller);
        if (tx == null || !tx.afterCompletion(committed -> eviction.run())) {
            later(eviction);
        }
    }

    /** Runs {@code eviction} again after repeat-after, if it is set. */
    public void later(Runnable eviction) {
        if (delayMillis > 0) {
            timer.get().schedule(eviction, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Drops the repeats not yet due; the agent is being detached. */
    public void close() {
        ScheduledExecutorService t = timer.ifBuilt();
        if (t != null) {
            t.shutdownNow();
        }
    }
}
