package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.Deadlines;
import io.cachet.agent.tracing.ChildSpans;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * How every Redis call is made: on the connected client, never past {@code cachet.redis.timeout},
 * with each outcome told to the {@link CircuitBreaker}: a fault of the connection as a failure, an
 * error reply about the call alone as the answer it is. A call that cannot be made (not connected
 * yet, circuit open) fails at once.
 */
final class RedisCalls {

    private final RedisConnection connection;
    private final CircuitBreaker circuit;
    private final long timeoutMillis;
    private final SlowEntries slowEntries;
    private final ReplyWait replyWait;

    RedisCalls(RedisConnection connection, CircuitBreaker circuit, long timeoutMillis, SlowEntries slowEntries, ReplyWait replyWait) {
        this.connection = connection;
        this.circuit = circuit;
        this.timeoutMillis = timeoutMillis;
        this.slowEntries = slowEntries;
        this.replyWait = replyWait;
    }

    /** Reads of which caches are the fault of their own entries. */
    SlowEntries slowEntries() {
        return slowEntries;
    }

    /** The client for a call to wait on, or a fast failure while there is none or the circuit is open. */
    RedissonClient client() {
        RedissonClient c = connection.clientOrFirstConnection();
        if (c == null || !circuit.allows()) {
            throw new StoreException("Redis unavailable", null);
        }
        return c;
    }

    /** The client for a call nobody waits on, or {@code null} when it should not be tried now. */
    RedissonClient clientForBackground() {
        RedissonClient c = connection.client();
        return c == null || circuit.isOpen() ? null : c;
    }

    /** Whether a call may be tried now; during the first connection, once it is made (bounded by the start-up wait). */
    boolean available() {
        return connection.clientOrFirstConnection() != null && circuit.isClosedOrProbeDue();
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Waits at most the timeout; every outcome is reported to the circuit breaker. */
    <T> T await(CompletionStage<T> f, String what) {
        return await(f, what, null);
    }

    /**
     * {@link #await} for a read of {@code entryKey} (or {@code null}), whose own size may be why
     * it times out (see {@link #timedOut}).
     */
    <T> T await(CompletionStage<T> f, String what, String entryKey) {
        ChildSpans.Open span = ChildSpans.redis(what);
        Throwable failed = null;
        try {
            T value = replyWait.get(f.toCompletableFuture(), timeoutMillis);
            answered(entryKey);
            return value;
        } catch (TimeoutException e) {
            failed = e;
            f.toCompletableFuture().cancel(false);
            timedOut(entryKey);
            throw new StoreException("Redis " + what + " timed out", e);
        } catch (ExecutionException e) {
            failed = e.getCause();
            dropIfOutOfStep(e.getCause(), what);
            failed(e.getCause());
            throw new StoreException("Redis " + what + " failed", e.getCause());
        } catch (CancellationException e) {
            // Redisson cancels a command it could not get a connection for: a fault like any other.
            failed = e;
            failed(e);
            throw new StoreException("Redis " + what + " was cancelled", e);
        } catch (InterruptedException e) {
            // Keep the application's interrupt for the application. Counting it as a fault also
            // releases the probe, should this call have been the one let through an open circuit.
            Thread.currentThread().interrupt();
            failed = e;
            circuit.failure("interrupted");
            throw new StoreException("interrupted", e);
        } finally {
            ChildSpans.end(span, failed);
        }
    }

    /**
     * The same call as {@link #await} for a caller that must not block: the first connection is
     * waited for without blocking, the deadline is a timer ({@link Deadlines}), and every outcome
     * reaches the circuit breaker. Completes on Redisson's threads (or the JDK's timer thread), with the value or a
     * {@link StoreException}.
     */
    <T> CompletionStage<T> async(Function<RedissonClient, CompletionStage<T>> call, String what, String entryKey) {
        return connection.clientAfterFirstConnection().thenCompose(c -> {
            if (c == null || !circuit.allows()) {
                return CompletableFuture.failedFuture(new StoreException("Redis unavailable", null));
            }
            CompletableFuture<T> sent = call.apply(c).toCompletableFuture();
            return Deadlines.within(sent.copy(), timeoutMillis).handle((value, err) -> {
                if (err == null) {
                    answered(entryKey);
                    return value;
                }
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (cause instanceof TimeoutException) {
                    sent.cancel(false);
                    timedOut(entryKey);
                    throw new StoreException("Redis " + what + " timed out", cause);
                }
                dropIfOutOfStep(cause, what);
                failed(cause);
                throw new StoreException("Redis " + what + " failed", cause);
            });
        });
    }

    private void answered(String entryKey) {
        circuit.success();
        if (entryKey != null) {
            slowEntries.answered(WriteFailures.cacheOf(entryKey));
        }
    }

    /**
     * A call timed out: Redis is slow or out of reach, or (for a read of an entry) only that entry
     * is too large to come back in time. This JVM knows the size of what it stored; otherwise a
     * tiny call on the same key, on another connection, tells which: if it answers in time, the
     * read's cache is told ({@link SlowEntries}) and the circuit, which speaks for every method,
     * is not. The caller does not wait for that call.
     */
    private void timedOut(String entryKey) {
        String fault = "timed out after " + timeoutMillis + "ms";
        if (entryKey != null && slowEntries.large(entryKey)) {
            slowEntries.timedOut(WriteFailures.cacheOf(entryKey), timeoutMillis); // this JVM stored it: its size is known
            return;
        }
        RedissonClient c = entryKey == null ? null : connection.client();
        if (c == null) {
            circuit.failure(fault);
            return;
        }
        CompletableFuture<Boolean> probe = c.getBucket(entryKey, ByteArrayCodec.INSTANCE).isExistsAsync().toCompletableFuture();
        Deadlines.within(probe, timeoutMillis).whenComplete((exists, err) -> {
            if (err == null) {
                slowEntries.timedOut(WriteFailures.cacheOf(entryKey), timeoutMillis);
            } else {
                probe.cancel(false);
                circuit.failure(fault);
            }
        });
    }

    /** A write of {@code entryKey} nobody waits on failed: a timeout writing a large entry is that entry's fault. */
    void writeFailed(String entryKey, Throwable err) {
        if (slowEntries.large(entryKey) && RedisFaults.isTimeout(err)) {
            slowEntries.timedOut(WriteFailures.cacheOf(entryKey), timeoutMillis);
        } else {
            failed(err);
        }
    }

    /** A reply of another command's type: the connection that carried it is out of step, and is dropped. */
    private void dropIfOutOfStep(Throwable cause, String what) {
        if (RedisFaults.outOfStep(cause)) {
            connection.reconnect("a reply of another command's type came for " + what + ": " + RedisFaults.describe(cause));
        }
    }

    /** For a call nobody waits on: a failure still counts, and is logged at debug level. */
    void whenFailed(RFuture<?> f, String what) {
        f.whenComplete((ok, err) -> {
            if (err != null) {
                failed(err);
                AgentLog.debug(what + " failed: " + RedisFaults.describe(err));
            }
        });
    }

    /**
     * A call failed: a fault of the connection counts towards opening the circuit; an answer
     * about this call alone ({@link RedisFaults#isAnswer}) shows Redis answers, as a success does.
     */
    void failed(Throwable err) {
        if (RedisFaults.isAnswer(err)) {
            circuit.success();
        } else {
            circuit.failure(RedisFaults.describe(err));
        }
    }
}
