package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Gives leases back, whatever the circuit says. A lease left in Redis by a load that has ended
 * makes the next miss of its key, in every JVM, wait for it: up to {@code cachet.lease.wait}.
 * So a release that cannot be made now (the circuit is open, Redis does not answer) is owed:
 * retried in the background until it lands or the lease has expired anyway; and a miss of the
 * same key in this JVM takes the owed lease over at once instead of waiting for it. A lease whose
 * SET went unanswered ({@link Lease#unanswered}) is owed until it expires: a release that finds
 * nothing may have overtaken the SET.
 */
final class LeaseReleases {

    private static final long RETRY_MILLIS = 100;
    /** How often a lease whose SET went unanswered is released again while it could still land. */
    private static final long UNANSWERED_RETRY_MILLIS = 500;

    /** Sends a compare-and-delete of a lease; {@code null} when there is no connection to send it on. */
    private final Function<Lease, CompletionStage<?>> deleteIfHeld;
    /** Leases this JVM has given up and not yet released, by key. */
    private final Map<String, Lease> owed = new ConcurrentHashMap<>();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private final ScheduledExecutorService retrier = Executors.newSingleThreadScheduledExecutor(new AgentThreads("cachet-lease-release"));

    LeaseReleases(Function<Lease, CompletionStage<?>> deleteIfHeld) {
        this.deleteIfHeld = deleteIfHeld;
    }

    /** Releases on {@code connection}'s client, whether or not the circuit is open. */
    static LeaseReleases on(RedisConnection connection) {
        return new LeaseReleases(lease -> {
            RedissonClient c = connection.client();
            // Compare-and-delete, so a holder whose lease expired cannot remove its successor's.
            return c == null ? null : c.getBucket(lease.key, StringCodec.INSTANCE).compareAndSetAsync(lease.token, null);
        });
    }

    /**
     * Gives {@code lease} back if this JVM still holds it, without waiting. It is owed from now
     * until a release lands: retried while one fails, taken over by a miss of its key here.
     */
    void release(Lease lease) {
        if (lease.expired()) {
            owed.remove(lease.key, lease);
            return;
        }
        owed.put(lease.key, lease);
        CompletionStage<?> sent = deleteIfHeld.apply(lease);
        if (sent == null) {
            retryLater();
            return;
        }
        // Not told to the circuit breaker: the calls the application waits on judge Redis.
        sent.whenComplete((deleted, err) -> {
            if (err == null && lease.unanswered() && !Boolean.TRUE.equals(deleted)) {
                retryLater(UNANSWERED_RETRY_MILLIS);
            } else if (err == null) {
                owed.remove(lease.key, lease);
            } else {
                AgentLog.debug("releasing " + lease + " failed (" + RedisFaults.describe(err) + "); retrying");
                retryLater();
            }
        });
    }

    /** The lease on {@code key} this JVM gave up and could not release yet, or {@code null}. */
    Lease owedOn(String key) {
        Lease lease = owed.get(key);
        if (lease != null && lease.expired()) {
            owed.remove(key, lease);
            return null;
        }
        return lease;
    }

    /** {@code lease} was released by a call that was waited for. */
    void released(Lease lease) {
        owed.remove(lease.key, lease);
    }

    private void retryLater() {
        retryLater(RETRY_MILLIS);
    }

    private void retryLater(long delayMillis) {
        if (retrying.compareAndSet(false, true)) {
            try {
                retrier.schedule(this::retry, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // the agent is being detached: leases left expire by themselves
            }
        }
    }

    /** Each owed lease stays owed (so a miss of its key here takes it over) until a release lands. */
    private void retry() {
        retrying.set(false);
        owed.values().forEach(this::release);
    }

    void close() {
        retrier.shutdownNow();
    }
}
