package io.cachet.agent.store;

import io.cachet.agent.codec.Entry;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Entries, counters and leases in Redis through Redisson, moving {@code byte[]} only. Every call
 * is made through {@link RedisCalls} (bounded by the timeout, counted by the circuit breaker);
 * until the {@link RedisConnection} has connected, every call fails open at once. Leases are
 * {@link RedisLeases}' job, evictions and write-throughs {@link RedisInvalidations}'.
 */
public final class RedisStore implements CacheStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    /** About forty reads, each of an entry and its counters. */
    private static final int MAX_BATCH_KEYS = 128;

    private final RedisConnection connection;
    private final RedisCalls calls;
    private final RedisInvalidations invalidations;
    private final Counters counters;
    private final RedisLeases leases;
    private final CoalescedReads coalesced;

    private RedisStore(CachetConfig config, InvalidationChannel channel, Runnable afterConnecting) {
        this.connection = RedisConnection.start(config, channel, afterConnecting);
        CircuitBreaker circuit = new CircuitBreaker(config.get(Settings.CIRCUIT_FAILURES), config.get(Settings.CIRCUIT_OPEN_FOR).toNanos());
        this.calls = new RedisCalls(connection, circuit, config.get(Settings.REDIS_TIMEOUT).toMillis(),
                new SlowEntries(config.get(Settings.CIRCUIT_FAILURES), config.get(Settings.CIRCUIT_OPEN_FOR).toNanos()),
                new ReplyWait(config.get(Settings.REDIS_SPIN_WAIT).toNanos(), Runtime.getRuntime().availableProcessors()));
        this.leases = new RedisLeases(calls, LeaseReleases.on(connection));
        // As many MGETs out at once as there are cores before reads wait to go together: fewer
        // callers than that never wait for each other (measured on 2 cores: see CoalescedReads).
        this.coalesced = new CoalescedReads(RedisReads::mget, Math.max(2, Runtime.getRuntime().availableProcessors()), MAX_BATCH_KEYS,
                RedissonClients.commandTimeoutMillis(config));
        this.counters = new Counters(config.get(Settings.RETENTION).toMillis());
        this.invalidations = new RedisInvalidations(calls, channel, counters, config.get(Settings.WAIT_REPLICAS));
    }

    /**
     * A store that connects in the background and fails open until connected.
     *
     * @param channel where bumps are announced to the near caches of all JVMs
     * @param listener this JVM's near cache, or {@link InvalidationListener#NONE}
     * @param afterConnecting run on the connector thread once connected (see {@link RedisConnection#start})
     */
    public static RedisStore connectInBackground(CachetConfig config, String channel, InvalidationListener listener,
                                                 Runnable afterConnecting) {
        return new RedisStore(config, new InvalidationChannel(channel, listener), afterConnecting);
    }

    /**
     * Why the Redis configuration cannot be used as written, or {@code null}: checked before
     * starting only for {@code cachet.fail-fast=true} (it loads Redisson's configuration classes,
     * which otherwise wait for the connector thread); a store finds the same problem when connecting.
     */
    public static String configProblem(CachetConfig config) {
        return RedissonClients.yamlProblem(config);
    }

    @Override
    public Found get(Lookup lookup) {
        String[] keys = lookup.readKeys();
        List<Object> values = calls.await(read(entryClient(keys[0]), keys), "MGET", keys[0]);
        return found(values, keys);
    }

    @Override
    public CompletionStage<Found> getAsync(Lookup lookup) {
        String[] keys = lookup.readKeys();
        if (calls.slowEntries().off(WriteFailures.cacheOf(keys[0]))) {
            return CompletableFuture.failedFuture(offForSlowEntries());
        }
        int counterAt = 1 + Lookup.CACHE_COUNTER;
        return calls.<List<Object>>async(c -> read(c, keys), "MGET", keys[0]).thenCompose(values -> {
            byte[] entry = inStep(values, keys);
            CompletionStage<List<Object>> all = values.get(counterAt) != null ? CompletableFuture.completedFuture(values)
                    : calls.async(c -> counters.create(c, cacheCounter(keys)), "counter", null).thenApply(v -> with(values, counterAt, v));
            return all.thenApply(complete -> new Found(entry, RedisReads.counters(complete, 1)));
        });
    }

    /** What a read of {@code readKeys} found, once {@linkplain #inStep checked}, with the cache's counter created if it was missing. */
    private Found found(List<Object> values, String[] readKeys) {
        byte[] entry = inStep(values, readKeys);
        return new Found(entry, RedisReads.counters(withCacheCounter(values, 1 + Lookup.CACHE_COUNTER, cacheCounter(readKeys)), 1));
    }

    /**
     * The entry {@code values} holds for {@code readKeys[0]}, once checked that the reply answers
     * this read: a reply of another length or type, or an entry of another key where the entry or
     * a counter should be, is a reply to another command, and the connection that carried it is
     * out of step, so it is dropped.
     *
     * @throws StoreException for such a reply: the call runs uncached
     */
    private byte[] inStep(List<Object> values, String[] readKeys) {
        boolean misaligned = values.size() != readKeys.length || values.stream().anyMatch(v -> v != null && !(v instanceof byte[]));
        byte[] entry = misaligned ? null : (byte[]) values.get(0);
        misaligned |= entry != null && Entry.ofAnotherKey(entry, readKeys[0]);
        for (int i = 1; i < readKeys.length && !misaligned; i++) {
            byte[] counter = (byte[]) values.get(i);
            misaligned = counter != null && Entry.parseKept(counter) != null;
        }
        if (misaligned) {
            connection.reconnect("a reply to another command came for a read of " + readKeys[0]);
            throw new StoreException("Redis replied for another command", null);
        }
        return entry;
    }

    @Override
    public Versions versions(Lookup lookup) {
        String[] keys = lookup.readKeys();
        List<Object> values = calls.await(RedisReads.mget(calls.client(), Arrays.copyOfRange(keys, 1, keys.length)), "MGET");
        return RedisReads.counters(withCacheCounter(values, Lookup.CACHE_COUNTER, cacheCounter(keys)), 0);
    }

    @Override
    public Versions versionsToBump(Lookup lookup) {
        String[] keys = lookup.readKeys();
        String[] counterKeys = Arrays.copyOfRange(keys, 1, keys.length);
        List<Object> values = calls.await(RedisReads.mget(calls.client(), counterKeys), "MGET");
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < counterKeys.length; i++) {
            if (values.get(i) == null) {
                missing.add(counterKeys[i]);
            }
        }
        if (!missing.isEmpty()) {
            // What is read here is recorded and then bumped by one (a write-through, a reload):
            // every counter must exist, or its bump would start it at a random base instead.
            Map<String, byte[]> created = calls.await(counters.create(calls.client(), missing), "counters");
            List<Object> all = new ArrayList<>(values);
            for (int i = 0; i < counterKeys.length; i++) {
                if (all.get(i) == null) {
                    all.set(i, created.get(counterKeys[i]));
                }
            }
            values = all;
        }
        return RedisReads.counters(values, 0);
    }

    /** The MGET of an entry and its counters: together with other callers' on one node, alone on a cluster. */
    private CompletionStage<List<Object>> read(RedissonClient c, String[] readKeys) {
        return RedisReads.cluster(c) ? RedisReads.mget(c, readKeys) : coalesced.mget(c, WriteFailures.cacheOf(readKeys[0]), readKeys);
    }

    /** The client for a read of {@code entryKey}'s cache, or a fast failure while that cache stays off Redis. */
    private RedissonClient entryClient(String entryKey) {
        if (calls.slowEntries().off(WriteFailures.cacheOf(entryKey))) {
            throw offForSlowEntries();
        }
        return calls.client();
    }

    private static StoreException offForSlowEntries() {
        return new StoreException("this cache's entries do not come back from Redis in time", null);
    }

    /** The cache's counter among {@code readKeys} (the entry key first): the one every entry records. */
    private static String cacheCounter(String[] readKeys) {
        return readKeys[1 + Lookup.CACHE_COUNTER];
    }

    /**
     * What MGET found, with the cache's counter (at {@code index}, named {@code key}) created if
     * it was missing ({@link Counters}): an entry is never recorded under a counter that a lost
     * keyspace could give back.
     */
    private List<Object> withCacheCounter(List<Object> values, int index, String key) {
        if (values.get(index) != null) {
            return values;
        }
        return with(values, index, calls.await(counters.create(calls.client(), key), "counter"));
    }

    private static List<Object> with(List<Object> values, int index, byte[] value) {
        List<Object> all = new ArrayList<>(values);
        all.set(index, value);
        return all;
    }

    @Override
    public CompletionStage<Void> put(String entryKey, byte[] value, long ttlMillis) {
        RedissonClient c = calls.clientForBackground();
        if (c == null || calls.slowEntries().off(WriteFailures.cacheOf(entryKey))) {
            return DONE;
        }
        return answered(set(c, entryKey, value, ttlMillis));
    }

    /** SET of an entry nobody waits on: its failure is counted (a large entry's own, or the connection's) and reported once. */
    private RFuture<Void> set(RedissonClient c, String entryKey, byte[] value, long ttlMillis) {
        calls.slowEntries().storing(entryKey, value.length);
        RFuture<Void> stored = c.getBucket(entryKey, ByteArrayCodec.INSTANCE).setAsync(value, Duration.ofMillis(ttlMillis));
        stored.whenComplete((ok, err) -> {
            if (err != null) {
                calls.writeFailed(entryKey, err);
                WriteFailures.report(entryKey, err);
            }
        });
        return stored;
    }

    /** Completes normally once Redis has answered, whatever the answer: the failure is counted elsewhere. */
    private static CompletionStage<Void> answered(RFuture<?> f) {
        return f.handle((ok, err) -> null);
    }

    @Override
    public void touch(String entryKey, long ttlMillis) {
        RedissonClient c = calls.clientForBackground();
        if (c != null) {
            calls.whenFailed(c.getBucket(entryKey, ByteArrayCodec.INSTANCE).expireAsync(Duration.ofMillis(ttlMillis)), "touching " + entryKey);
        }
    }

    @Override
    public void invalidate(Invalidation invalidation) {
        invalidations.invalidate(invalidation);
    }

    @Override
    public void bumpAndPut(String counterKey, String entryKey, byte[] value, long ttlMillis) {
        invalidations.bumpAndPut(counterKey, entryKey, value, ttlMillis);
    }

    @Override
    public boolean tryLease(Lease lease, long leaseMillis) {
        return leases.take(calls.client(), lease, leaseMillis);
    }

    /** In one round trip where the lease and the lookup's keys share a node: see {@link LeasedCommands}. */
    @Override
    public Found tryLeaseThenGet(Lease lease, long leaseMillis, Lookup lookup) {
        String[] keys = lookup.readKeys();
        RedissonClient c = entryClient(keys[0]);
        if (!LeasedCommands.oneScript(c, lease, keys)) {
            return CacheStore.super.tryLeaseThenGet(lease, leaseMillis, lookup);
        }
        List<Object> values = leases.takeThenRead(c, lease, leaseMillis, keys);
        return values.isEmpty() ? null : found(values, keys);
    }

    /**
     * In one round trip where the lease and the lookup's keys share a node ({@link
     * LeasedCommands#mgetThenTake}), unless reads are waiting to go out together: then the read
     * goes with them, and the lease after it. Under load one miss makes the next reads of its
     * method expect one, and a script of each caller's own would cost Redis ~15 µs on top of the
     * batch it left, and give up the batching that lets many callers outrun raw Redisson.
     */
    @Override
    public Found getThenLease(Lease lease, long leaseMillis, Lookup lookup) {
        String[] keys = lookup.readKeys();
        RedissonClient c = entryClient(keys[0]);
        if (!LeasedCommands.oneScript(c, lease, keys) || coalesced.busy()) {
            return CacheStore.super.getThenLease(lease, leaseMillis, lookup);
        }
        return found(leases.readThenTake(c, lease, leaseMillis, keys), keys);
    }

    @Override
    public boolean leaseHeld(Lease lease) {
        return leases.held(lease);
    }

    @Override
    public void release(Lease lease) {
        leases.release(lease);
    }

    @Override
    public CompletionStage<Void> putThenRelease(String entryKey, byte[] value, long ttlMillis, Lease lease) {
        RedissonClient c = calls.clientForBackground();
        if (c == null) {
            release(lease); // owed until Redis answers: a lease left behind would hold up the next miss
            return DONE;
        }
        RFuture<Void> stored = set(c, entryKey, value, ttlMillis);
        stored.whenComplete((ok, err) -> release(lease));
        return answered(stored);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean available() {
        return calls.available();
    }

    @Override
    public void close() {
        invalidations.flush();
        leases.close();
        connection.close();
    }

    @Override
    public String describe() {
        return "mode=redis, redis=" + connection.target();
    }
}
