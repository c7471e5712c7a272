package io.cachet.agent.cache;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Lease;
import io.cachet.agent.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reloads entries in the background, for stale-while-revalidate and early refresh: callers keep
 * getting the current value at once while one reload runs. One per key in this JVM (a set of
 * keys in progress), one per key in the cluster (the load lease, taken before the method is
 * called; a JVM that cannot take it leaves the reload to the holder).
 *
 * <p>The reload calls the instrumented method itself, on a {@link RefreshThread}; its advice
 * sees that thread and runs the load under the lease instead of looking the entry up.
 */
final class Refresher {

    /** An agent thread that, while it reloads {@link #entryKey}, holds its lease. */
    static final class RefreshThread extends Thread {
        volatile String entryKey;
        /** The lease held for the reload; {@code null} where leases mean nothing (local mode). */
        volatile Lease lease;

        RefreshThread(Runnable task) {
            super(task, "cachet-refresh");
            setDaemon(true);
            setContextClassLoader(null);
        }
    }

    private final CacheStore store;
    private final long leaseMillis;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), RefreshThread::new, new ThreadPoolExecutor.AbortPolicy());

    Refresher(CacheStore store, long leaseMillis) {
        this.store = store;
        this.leaseMillis = leaseMillis;
        pool.allowCoreThreadTimeOut(true);
    }

    void close() {
        pool.shutdownNow();
    }

    /** The refresh the current thread is running for {@code entryKey}, or {@code null}. */
    static RefreshThread refreshing(String entryKey) {
        Thread t = Thread.currentThread();
        return t instanceof RefreshThread && entryKey.equals(((RefreshThread) t).entryKey) ? (RefreshThread) t : null;
    }

    /** Starts a background reload of the call's entry, unless one runs already or it cannot be called. */
    void refresh(Call c) {
        String entryKey = c.lookup().entryKey();
        if (c.runtime.method == null || !inProgress.add(entryKey)) {
            return;
        }
        try {
            pool.execute(() -> reload(c, entryKey));
        } catch (RejectedExecutionException full) {
            inProgress.remove(entryKey);
        }
    }

    /**
     * The key's lease for this reload, or {@code null} when another JVM holds it. One try more
     * when Redis does not answer in time: the hits that asked for the reload have been served,
     * and none may come before the entry expires. If the unanswered {@code SET} did land, this
     * JVM owes that lease, and the second try takes it over ({@code RedisStore.tryLease}); a
     * second failure leaves the reload to the next hit.
     */
    private Lease lease(Call c) {
        String key = c.method.keys().leaseKey(c.lookup());
        Lease lease = Lease.on(key);
        try {
            return store.tryLease(lease, leaseMillis) ? lease : null;
        } catch (StoreException unanswered) {
            Lease again = Lease.on(key);
            return store.tryLease(again, leaseMillis) ? again : null;
        }
    }

    private void reload(Call c, String entryKey) {
        RefreshThread thread = (RefreshThread) Thread.currentThread();
        try {
            Lease lease = lease(c);
            if (lease == null) {
                return; // another JVM is reloading it
            }
            thread.lease = store.shared() ? lease : null;
            thread.entryKey = entryKey;
            c.runtime.method.invoke(c.self, c.args);
        } catch (InvocationTargetException e) {
            AgentLog.debug("background reload of " + c.method.displayName() + " failed: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            AgentLog.debug("background reload of " + c.method.displayName() + " not run: " + e);
        } finally {
            thread.entryKey = null;
            thread.lease = null;
            inProgress.remove(entryKey);
        }
    }
}
