package io.cachet.agent.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.redisson.api.RedissonClient;

/**
 * Reads of entries that arrive while {@code inFlight} MGETs are already out wait for the first
 * of those to come back, and then go out together, as one MGET of all their keys.
 *
 * <p>Why: with many callers on few cores, a read costs per command far more than per key:
 * Redisson's hand-out of a pooled connection, the timeout it schedules on its timer and cancels,
 * a system call to write and one to read on each side of the socket, a turn of Redis's event
 * loop. Raw Redisson pays all that for every GET; coalesced reads pay it once per batch, which
 * is what lets 32 threads reading their own keys do more than raw Redisson's GETs on two cores
 * (the 32-thread throughput case in {@code benchmarks}). A caller alone never waits for another:
 * while fewer than {@code inFlight} MGETs are out, a read is sent at once, as it always was, so
 * a single caller's hit is unchanged. Under load a read may wait up to one round trip for the
 * batch before it to come back.
 *
 * <p>A large entry would hold up every read of its batch, and could make the batch miss the
 * call's deadline: reads of a cache one of whose entries came back with {@link #ALONE_FROM}
 * bytes or more go out alone from then on. Until such an entry is seen, a batch holds at most
 * {@code maxKeys} keys. The reply of a batch whose callers all gave up is still read, so that
 * what it says about sizes is learned.
 *
 * <p>Invariants: one read's keys are never split between batches; each read is answered with
 * the slice of the reply at its own keys; a reply of another length is given whole to every
 * read of the batch, whose check of the reply then drops the connection
 * ({@code RedisStore.inStep}); a read whose caller gave up (a cancelled future) leaves the rest
 * of its batch alone. For one node only: the store reads a cluster, whose keys lie in other
 * slots, without this.
 */
final class CoalescedReads {

    /** From this size on, an entry's cache is read alone. */
    static final int ALONE_FROM = 64 * 1024;

    /** How an MGET is sent: {@link RedisReads#mget}, but in tests. */
    interface Mget {
        CompletionStage<List<Object>> send(RedissonClient client, String[] keys);
    }

    private final Mget mget;
    private final int inFlightLimit;
    private final int maxKeys;
    private final long deadlineNanos;
    private final LongSupplier nanoClock;
    /** Caches with a large entry seen: as many as there are cached methods at most. */
    private final Set<String> readAlone = ConcurrentHashMap.newKeySet();
    /** The batches out, oldest first; guarded by {@code this}, as is {@link #waiting}. */
    private final ArrayDeque<Batch> out = new ArrayDeque<>();
    private final ArrayDeque<Batch> waiting = new ArrayDeque<>();

    /**
     * @param inFlightLimit how many MGETs may be out at once before reads wait to go together
     * @param maxKeys the most keys one batch reads (more when one read alone has more)
     * @param deadlineMillis how long a batch holds its place among those out: past it, the next
     *     read gives its place to others, so that a reply that never comes (on a connection out of
     *     step, until it is closed) cannot keep every later read waiting (MisalignedRepliesIT,
     *     corrupted replies). Redisson's own timeout for the command: a shorter one (the callers'
     *     deadline) let slow batches of a cold, loaded JVM give up their places, which sent more
     *     MGETs at once, slower still, until the circuit opened (CoalescedReadsIT, once)
     */
    CoalescedReads(Mget mget, int inFlightLimit, int maxKeys, long deadlineMillis) {
        this(mget, inFlightLimit, maxKeys, deadlineMillis, System::nanoTime);
    }

    /** As above, with the clock a test moves. */
    CoalescedReads(Mget mget, int inFlightLimit, int maxKeys, long deadlineMillis, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.mget = mget;
        this.inFlightLimit = inFlightLimit;
        this.maxKeys = maxKeys;
        this.deadlineNanos = deadlineMillis * 1_000_000;
    }

    /**
     * The values of {@code keys} on {@code client}, in their order, {@code null} where absent.
     *
     * @param cache the cache whose entry is {@code keys[0]}
     */
    CompletionStage<List<Object>> mget(RedissonClient client, String cache, String[] keys) {
        if (!readAlone.isEmpty() && readAlone.contains(cache)) {
            return mget.send(client, keys);
        }
        Read read = new Read(cache, keys);
        Batch sendNow;
        synchronized (this) {
            giveUpOverdue(nanoClock.getAsLong());
            if (out.size() < inFlightLimit && waiting.isEmpty()) {
                sendNow = new Batch(client);
                sendNow.add(read);
            } else {
                Batch last = waiting.peekLast();
                if (last == null || last.keyCount + keys.length > maxKeys) {
                    last = new Batch(client);
                    waiting.addLast(last);
                }
                last.add(read);
                sendNow = out.size() < inFlightLimit ? waiting.pollFirst() : null;
            }
            if (sendNow != null) {
                sendNow.sentNanos = nanoClock.getAsLong();
                out.addLast(sendNow);
            }
        }
        if (sendNow != null) {
            send(sendNow);
        }
        return read.answer;
    }

    /**
     * Whether a read now would wait to go out with others: as many MGETs out as the limit, or
     * reads queued already. A snapshot, for a caller choosing a command that is not coalesced.
     */
    synchronized boolean busy() {
        return out.size() >= inFlightLimit || !waiting.isEmpty();
    }

    /** Batches out past the deadline give up their places (guarded by {@code this}). */
    private void giveUpOverdue(long now) {
        Batch oldest;
        while ((oldest = out.peekFirst()) != null && now - oldest.sentNanos > deadlineNanos) {
            out.pollFirst();
        }
    }

    private void send(Batch batch) {
        CompletionStage<List<Object>> reply;
        try {
            reply = mget.send(batch.client, batch.keys());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e); // a client shut down as it was used: the next batch still goes
        }
        reply.whenComplete((values, err) -> {
            Batch next = null;
            synchronized (this) {
                out.remove(batch); // absent when it gave up its place
                if (out.size() < inFlightLimit) {
                    next = waiting.pollFirst();
                    if (next != null) {
                        next.sentNanos = nanoClock.getAsLong();
                        out.addLast(next);
                    }
                }
            }
            if (next != null) {
                send(next); // before answering these: its bytes are on their way while the callers wake
            }
            answer(batch, values, err);
        });
    }

    private void answer(Batch batch, List<Object> values, Throwable err) {
        if (err != null) {
            batch.reads.forEach(read -> read.answer.completeExceptionally(err));
            return;
        }
        boolean inStep = values.size() == batch.keyCount;
        int at = 0;
        for (Read read : batch.reads) {
            Object entry = inStep ? values.get(at) : null;
            if (entry instanceof byte[] && ((byte[]) entry).length >= ALONE_FROM) {
                readAlone.add(read.cache);
            }
            List<Object> own = !inStep || batch.reads.size() == 1 ? values
                    : Arrays.asList(values.subList(at, at + read.keys.length).toArray());
            read.answer.complete(own);
            at += read.keys.length;
        }
    }

    /** One caller's read: its keys and the answer it waits on. */
    private static final class Read {
        final String cache;
        final String[] keys;
        final CompletableFuture<List<Object>> answer = new CompletableFuture<>();

        Read(String cache, String[] keys) {
            this.cache = cache;
            this.keys = keys;
        }
    }

    /** Reads that go out as one MGET, on the client of the first. */
    private static final class Batch {
        final RedissonClient client;
        final List<Read> reads = new ArrayList<>(4);
        int keyCount;
        long sentNanos;

        Batch(RedissonClient client) {
            this.client = client;
        }

        void add(Read read) {
            reads.add(read);
            keyCount += read.keys.length;
        }

        String[] keys() {
            if (reads.size() == 1) {
                return reads.get(0).keys;
            }
            String[] all = new String[keyCount];
            int at = 0;
            for (Read read : reads) {
                System.arraycopy(read.keys, 0, all, at, read.keys.length);
                at += read.keys.length;
            }
            return all;
        }
    }
}
