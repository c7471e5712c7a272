package io.cachet.agent.cache;

import io.cachet.agent.key.Versions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One load of one key in this JVM, followed by the callers that arrive while it runs. Its
 * result is fresh for every follower that arrived before the load started (before its
 * versions were read, or before the method ran when Redis was out of reach): whatever
 * changed before such a follower arrived, the load saw.
 *
 * <p>Completes with a {@link Shared} result, {@link #NOT_SHARED}, or the load's exception.
 */
final class Flight extends CompletableFuture<Object> {

    /** What a flight completes with when its result could not be encoded for sharing. */
    static final Object NOT_SHARED = new Object();

    /** The encoded result and the versions it was encoded under; each follower decodes its own copy. */
    static final class Shared {
        final byte[] bytes;
        final Versions versions;
        /** Loaded while Redis was out of reach: there is nothing to check it against. */
        final boolean offline;

        Shared(byte[] bytes, Versions versions, boolean offline) {
            this.bytes = bytes;
            this.versions = versions;
            this.offline = offline;
        }
    }

    private volatile long loadStartNanos = Long.MAX_VALUE;
    private final AtomicReference<CompletableFuture<Versions>> check = new AtomicReference<>();

    /** Marks the moment the load reads its versions (or, without Redis, starts). */
    void startLoad() {
        loadStartNanos = System.nanoTime();
    }

    /** Whether the load started at or after {@code nanos}: then it saw everything before. */
    boolean startedSince(long nanos) {
        return loadStartNanos - nanos >= 0;
    }

    /**
     * The counters read once, after the flight landed, for every follower that needs them:
     * read after all of them arrived, they show any eviction since the load started. So a
     * storm of late followers costs one read, not one each.
     */
    CompletableFuture<Versions> check(Supplier<Versions> read) {
        CompletableFuture<Versions> mine = new CompletableFuture<>();
        if (!check.compareAndSet(null, mine)) {
            return check.get();
        }
        try {
            mine.complete(read.get());
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** {@link #check}, for followers that must not block: the read is asynchronous, and shared with every other follower. */
    CompletableFuture<Versions> checkAsync(Supplier<CompletionStage<Versions>> read) {
        CompletableFuture<Versions> mine = new CompletableFuture<>();
        if (!check.compareAndSet(null, mine)) {
            return check.get();
        }
        try {
            read.get().whenComplete((versions, error) -> {
                if (error != null) {
                    mine.completeExceptionally(error);
                } else {
                    mine.complete(versions);
                }
            });
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }
}
