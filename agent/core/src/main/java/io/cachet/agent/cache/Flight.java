package io.cachet.agent.cache;

import io.cachet.agent.key.Lookup;
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

    /** {@link #evictionsAtStart} of a flight whose leader has joined but not yet started its load. */
    private static final long NOT_STARTED = -1;

    private final LocalEvictions evictions;
    private volatile long loadStartNanos = Long.MAX_VALUE;
    /** Where this JVM's evictions stood when the load started (the sequence never goes below 0). */
    private volatile long evictionsAtStart = NOT_STARTED;
    private final AtomicReference<Check> check = new AtomicReference<>();

    Flight(LocalEvictions evictions) {
        this.evictions = evictions;
    }

    /** Marks the moment the load reads its versions (or, without Redis, starts). */
    void startLoad() {
        evictionsAtStart = evictions.now();
        loadStartNanos = System.nanoTime();
    }

    /**
     * Whether this JVM evicted a counter of {@code lookup} after the load started: then its
     * result may predate that eviction, for a caller that arrived after it. Never while the load
     * has not started: it starts after this caller arrived, so it sees what this caller saw.
     * (Answering yes there, as "evicted since the beginning of time" did, sent every caller that
     * joined while the leader was descheduled between joining and starting off to run the
     * method itself: on a loaded 2-core machine one JVM ran a stampede's load twice at once.)
     */
    boolean evictedSinceStart(Lookup lookup) {
        long atStart = evictionsAtStart;
        return atStart != NOT_STARTED && evictions.evictedSince(lookup, atStart);
    }

    /** Whether the load started at or after {@code nanos}: then it saw everything before. */
    boolean startedSince(long nanos) {
        return loadStartNanos - nanos >= 0;
    }

    /** One read of the counters after the flight landed, and when it started. */
    private static final class Check {
        final long startNanos = System.nanoTime();
        final CompletableFuture<Versions> versions = new CompletableFuture<>();
    }

    /**
     * The counters read after the flight landed, shared by the followers that arrived before
     * the read started: it shows them any eviction since the load started, so a storm of late
     * followers costs one read, not one each. A follower that arrived after the last read
     * started (the flight stays joinable until its entry is stored) gets a read of its own:
     * an eviction may have completed between that read and its arrival.
     */
    CompletableFuture<Versions> check(Supplier<Versions> read, long arrived) {
        return checkAsync(() -> CompletableFuture.completedFuture(read.get()), arrived);
    }

    /** {@link #check}, for followers that must not block: the read is asynchronous. */
    CompletableFuture<Versions> checkAsync(Supplier<CompletionStage<Versions>> read, long arrived) {
        while (true) {
            Check current = check.get();
            if (current != null && current.startNanos - arrived >= 0) {
                return current.versions;
            }
            Check mine = new Check();
            if (check.compareAndSet(current, mine)) {
                try {
                    read.get().whenComplete((versions, error) -> {
                        if (error != null) {
                            mine.versions.completeExceptionally(error);
                        } else {
                            mine.versions.complete(versions);
                        }
                    });
                } catch (RuntimeException e) {
                    mine.versions.completeExceptionally(e);
                }
                return mine.versions;
            }
        }
    }
}
