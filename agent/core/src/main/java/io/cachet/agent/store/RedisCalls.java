package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.Deadlines;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;

/**
 * How every Redis call is made: on the connected client, never past {@code cachet.redis.timeout},
 * with each outcome told to the {@link CircuitBreaker}. A call that cannot be made (not connected
 * yet, circuit open) fails at once.
 */
final class RedisCalls {

    private final RedisConnection connection;
    private final CircuitBreaker circuit;
    private final long timeoutMillis;

    RedisCalls(RedisConnection connection, CircuitBreaker circuit, long timeoutMillis) {
        this.connection = connection;
        this.circuit = circuit;
        this.timeoutMillis = timeoutMillis;
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
        try {
            T value = f.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            circuit.success();
            return value;
        } catch (TimeoutException e) {
            f.toCompletableFuture().cancel(false);
            circuit.failure("timed out after " + timeoutMillis + "ms");
            throw new StoreException("Redis " + what + " timed out", e);
        } catch (ExecutionException e) {
            circuit.failure(RedisFaults.describe(e));
            throw new StoreException("Redis " + what + " failed", e.getCause());
        } catch (InterruptedException e) {
            // Keep the application's interrupt for the application. Counting it as a fault also
            // releases the probe, should this call have been the one let through an open circuit.
            Thread.currentThread().interrupt();
            circuit.failure("interrupted");
            throw new StoreException("interrupted", e);
        }
    }

    /**
     * The same call as {@link #await} for a caller that must not block: the first connection is
     * waited for without blocking, the deadline is a timer ({@link Deadlines}), and every outcome
     * reaches the circuit breaker. Completes on Redisson's threads (or the JDK's timer thread), with the value or a
     * {@link StoreException}.
     */
    <T> CompletionStage<T> async(Function<RedissonClient, CompletionStage<T>> call, String what) {
        return connection.clientAfterFirstConnection().thenCompose(c -> {
            if (c == null || !circuit.allows()) {
                return CompletableFuture.failedFuture(new StoreException("Redis unavailable", null));
            }
            CompletableFuture<T> sent = call.apply(c).toCompletableFuture();
            return Deadlines.within(sent.copy(), timeoutMillis).handle((value, err) -> {
                if (err == null) {
                    circuit.success();
                    return value;
                }
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (cause instanceof TimeoutException) {
                    sent.cancel(false);
                    circuit.failure("timed out after " + timeoutMillis + "ms");
                    throw new StoreException("Redis " + what + " timed out", cause);
                }
                circuit.failure(RedisFaults.describe(cause));
                throw new StoreException("Redis " + what + " failed", cause);
            });
        });
    }

    /** For a call nobody waits on: a failure still counts, and is logged at debug level. */
    void whenFailed(RFuture<?> f, String what) {
        f.whenComplete((ok, err) -> {
            if (err != null) {
                circuit.failure(RedisFaults.describe(err));
                AgentLog.debug(what + " failed: " + RedisFaults.describe(err));
            }
        });
    }

    /** A fault seen on a call nobody waits on. */
    void failed(Throwable err) {
        circuit.failure(RedisFaults.describe(err));
    }
}
