package io.cachet.agent.cache;

import io.cachet.agent.codec.CodecException;
import io.cachet.agent.codec.MethodCodec;
import io.cachet.agent.key.KeyException;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.metrics.Tier;
import io.cachet.agent.near.NearCache;
import io.cachet.agent.near.NearEntry;
import io.cachet.agent.near.NearKey;
import io.cachet.agent.shadow.ShadowPolicy;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.StoreException;
import io.cachet.bootstrap.CacheHandler;
import io.cachet.bootstrap.CacheHandlerHolder;
import io.cachet.bootstrap.PendingCall;
import io.cachet.bootstrap.Rethrow;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Cache-aside for every instrumented method: key, lookup, and on a miss, one load per key for
 * the whole cluster, whose result is stored. Every fault (a key that cannot be formed, Redis down
 * or slow, bytes that do not decode, a value that does not encode) ends in running the method
 * normally; nothing here throws into the application.
 *
 * <p>Single-flight, in two steps. In this JVM, the first caller of a key becomes its leader;
 * concurrent callers wait on the leader's flight and get a decoded copy of its result (once they
 * have checked no eviction made it stale for them), or the very exception it ended with. Across JVMs, a leader first takes the key's lease in Redis
 * ({@code SET NX PX} with a token); a leader that finds it taken polls for the entry until the
 * lease is gone, then takes it itself. All waiting is bounded by {@code cachet.lease.wait}
 * (then the caller runs the method itself) and parks, never holds a monitor, so virtual threads
 * do not pin. A holder that dies loses its lease when it expires.
 */
public final class CachingHandler implements CacheHandler {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Caches caches;
    private final CacheStore store;
    private final PendingInvalidations pending;
    private final MethodRuntime.Factory runtimes;
    private final long leaseMillis;
    private final long waitMillis;
    private final Flights flights = new Flights();
    private final Refresher refresher;
    /** This JVM's near cache, or {@code null} when there is none. */
    private final NearCache near;
    /** Where a hit from the store comes from: Redis, or this JVM's memory in local mode. */
    private final Tier storeTier;

    public CachingHandler(Caches caches, CacheStore store, PendingInvalidations pending, MethodRuntime.Factory runtimes,
                          long leaseMillis, long waitMillis, NearCache near) {
        this.near = near;
        this.caches = caches;
        this.store = store;
        this.pending = pending;
        this.runtimes = runtimes;
        this.leaseMillis = leaseMillis;
        this.waitMillis = waitMillis;
        this.refresher = new Refresher(store, leaseMillis);
        this.storeTier = store.shared() ? Tier.L2 : Tier.L1;
    }

    /**
     * A miss in progress: the method runs, then {@link #exit} stores its result under the
     * versions read when the load started, so an eviction during the load leaves it stale.
     */
    private static final class Load extends PendingCall {
        final CachedMethod method;
        final MethodRuntime runtime;
        final String key;
        final long[] versions;
        /** The flight waiting callers of this JVM follow; {@code null} without single-flight. */
        final Flight flight;
        /** The lease this load holds for the cluster, or {@code null}. */
        final String leaseKey;
        final String leaseToken;
        /** Whether the result goes to the store; not while Redis is unreachable. */
        final boolean store;
        /** Taken before the lookup, to keep the result in the near cache; or {@code null}. */
        final NearCache.Watch watch;
        final long startNanos = System.nanoTime();
        /** In shadow mode, what the cache would have served, to compare with the real result; else MISS. */
        Object cached = MethodCodec.MISS;

        Load(CachedMethod method, MethodRuntime runtime, String key, long[] versions,
             Flight flight, String leaseKey, String leaseToken, boolean store, NearCache.Watch watch) {
            this.watch = watch;
            this.method = method;
            this.runtime = runtime;
            this.key = key;
            this.versions = versions;
            this.flight = flight;
            this.leaseKey = leaseKey;
            this.leaseToken = leaseToken;
            this.store = store;
            if (Refresher.refreshing(key) == null) {
                method.stats().miss();
            }
        }
    }

    @Override
    public Object enter(int methodId, Class<?> declaringType, Object self, Object[] args) {
        CachedMethod m = caches.get(methodId);
        if (m == null || m.disabled()) {
            return null;
        }
        MethodRuntime runtime;
        String[] keys;
        Object nearKey = null;
        // Shadow and verify-sample calls compare with what Redis holds; they skip the near cache.
        NearCache l1 = m.near() && !m.async() && m.shadow() == ShadowPolicy.OFF && !pending.bypassing() ? near : null;
        try {
            runtime = runtimes.of(m, declaringType);
            String entryKey = null;
            if (l1 != null) {
                NearKey byValue = m.nearKey(args);
                nearKey = byValue != null ? byValue : (entryKey = m.entryKey(args));
                Object hit = nearHit(m, runtime, l1, nearKey);
                if (hit != null) {
                    return hit;
                }
            }
            keys = m.lookupKeys(entryKey != null ? entryKey : m.entryKey(args), args);
        } catch (KeyException e) {
            m.stats().error(ErrorKind.TEMPLATE);
            AgentLog.warnOnce("key:" + m.displayName(), "cannot form a cache key for " + m.displayName()
                    + " (" + e.getMessage() + "); such calls run uncached");
            return null;
        } catch (RuntimeException | LinkageError e) {
            disable(m, "its return type cannot be prepared for caching: " + e);
            return null;
        }
        boolean storeUp = store.available() && !pending.bypassing();
        Refresher.RefreshThread refresh = Refresher.refreshing(keys[0]);
        if (refresh != null) {
            return reloadUnderLease(m, runtime, keys, refresh, storeUp);
        }
        m.stats().call();
        if (!storeUp) {
            m.stats().bypass();
        }
        if (m.shadow().runsForReal()) {
            return shadow(m, runtime, keys, storeUp);
        }
        Flight flight = null;
        if (m.singleFlight()) {
            // Joined before the lookup, so that a storm on one key costs Redis one read, not one per caller.
            long arrived = System.nanoTime();
            flight = new Flight();
            Flight leader = flights.join(keys[0], flight);
            if (leader != null) {
                return follow(m, runtime, keys, leader, arrived);
            }
        } else if (!storeUp) {
            return null;
        }
        try {
            long[] versions = new long[keys.length - 1];
            NearCache.Watch watch = l1 == null || !storeUp ? null : l1.watch(nearKey, keys);
            if (storeUp) {
                try {
                    Flights.startLoad(flight);
                    byte[] bytes = store.get(keys, versions);
                    Object hit = decodeHit(m, runtime, keys[0], bytes, versions);
                    if (hit != null) {
                        fillNear(m, watch, bytes, versions, hit);
                        flights.land(keys[0], flight, new Flight.Shared(bytes, versions, false));
                        if (Freshness.dueForRefresh(m, bytes)) {
                            refresher.refresh(m, runtime, keys[0], self, args);
                        }
                        return hit;
                    }
                    countUnserved(m, bytes, versions);
                } catch (StoreException e) {
                    m.stats().error(ErrorKind.REDIS);
                    storeUp = false;
                }
            }
            if (flight == null) {
                return storeUp ? new Load(m, runtime, keys[0], versions, null, null, null, true, watch) : null;
            }
            if (storeUp) {
                return lead(m, runtime, keys, versions, flight, watch);
            }
            // Without Redis, only this JVM's single-flight applies: load, share, store nothing.
            Flights.startLoad(flight);
            return new Load(m, runtime, keys[0], versions, flight, null, null, false, null);
        } catch (RuntimeException | Error e) {
            flights.land(keys[0], flight, null);
            throw e;
        }
    }

    /** A background reload of the current thread's entry: load under the lease it holds. */
    private Object reloadUnderLease(CachedMethod m, MethodRuntime runtime, String[] keys,
                                    Refresher.RefreshThread refresh, boolean storeUp) {
        if (!storeUp) {
            return null;
        }
        long[] versions = new long[keys.length - 1];
        try {
            store.get(keys, versions);
        } catch (StoreException e) {
            return null;
        }
        return new Load(m, runtime, keys[0], versions, null, refresh.leaseKey, refresh.leaseToken, true, null);
    }

    /**
     * Shadow mode (and a verify-sample call): the method runs for real, whatever is cached; the
     * entry it would have been served is kept to compare with its result, which is then stored
     * as on a miss. Without Redis it simply runs: there is nothing to compare with.
     */
    private Object shadow(CachedMethod m, MethodRuntime runtime, String[] keys, boolean storeUp) {
        if (!storeUp) {
            return null;
        }
        long[] versions = new long[keys.length - 1];
        try {
            byte[] bytes = store.get(keys, versions);
            Load load = new Load(m, runtime, keys[0], versions, null, null, null, true, null);
            if (bytes != null && !Freshness.pastStaleWindow(m, bytes)) {
                load.cached = runtime.codec.decode(bytes, versions);
            }
            return load;
        } catch (StoreException e) {
            m.stats().error(ErrorKind.REDIS);
            return null;
        }
    }

    /** The hit that {@code bytes} are under the current {@code versions}, or {@code null}. */
    private Object decodeHit(CachedMethod m, MethodRuntime runtime, String key, byte[] bytes, long[] versions) {
        if (bytes != null && !Freshness.pastStaleWindow(m, bytes)) {
            Object value = runtime.codec.decode(bytes, versions);
            if (value != MethodCodec.MISS) {
                if (m.slidingTtl()) {
                    store.touch(key, m.ttlWithJitter());
                }
                m.stats().hit(storeTier);
                return hit(m, value);
            }
        }
        return null;
    }

    /** Counts why an entry the first lookup found was not served: stale (an eviction since), or undecodable. */
    private static void countUnserved(CachedMethod m, byte[] bytes, long[] versions) {
        if (bytes == null || Freshness.pastStaleWindow(m, bytes)) {
            return;
        }
        if (MethodCodec.recordedUnderOtherVersions(bytes, versions)) {
            m.stats().staleEntry();
        } else {
            m.stats().error(ErrorKind.CODEC);
        }
    }

    /**
     * Waits for this JVM's leader of the key. Its result is this caller's if the load started
     * after this caller arrived. Otherwise an eviction may have completed in between, and
     * handing it over would be a stale read; so the flight's counters are read once more (by
     * one follower, for all) and the result is taken if they have not moved; else the follower
     * loads for itself.
     */
    private Object follow(CachedMethod m, MethodRuntime runtime, String[] keys, Flight leader, long arrived) {
        Object shared;
        m.stats().stampedeWait();
        try {
            shared = leader.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return new Rethrow(e.getCause());
        } catch (TimeoutException e) {
            m.stats().leaseTimeout();
            // A leader this late may never finish (its thread died between enter and exit):
            // let the next caller lead instead of following it again.
            flights.abandon(keys[0], leader);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Flight.Shared s = shared instanceof Flight.Shared ? (Flight.Shared) shared : null;
        // Loaded while Redis was out of reach (the leader found out): only this JVM's
        // single-flight applies, and other JVMs' evictions cannot reach us anyway.
        if (s != null && (s.offline || leader.loadStartNanos - arrived >= 0)) {
            return decodeHit(m, runtime, keys[0], s.bytes, s.versions);
        }
        if (s == null || !store.available() || pending.bypassing()) {
            return null; // nothing to take, or nothing to check it against: run the method
        }
        long[] now;
        try {
            now = leader.check(() -> {
                long[] v = new long[keys.length - 1];
                store.get(keys, v);
                return v;
            }).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null; // cannot check: run the method, which is always current
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (Arrays.equals(s.versions, now)) {
            return decodeHit(m, runtime, keys[0], s.bytes, now);
        }
        return new Load(m, runtime, keys[0], now, null, null, null, true, null);
    }

    /** This JVM leads the key: takes the cluster's lease, or waits for whoever holds it. */
    private Object lead(CachedMethod m, MethodRuntime runtime, String[] keys, long[] versions, Flight flight,
                        NearCache.Watch watch) {
        if (!store.shared()) {
            return new Load(m, runtime, keys[0], versions, flight, null, null, true, watch);
        }
        String leaseKey = m.leaseKey(keys[0]);
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (!store.tryLease(leaseKey, token, leaseMillis)) {
                // Another JVM is loading: wait for its entry, or for its lease to go.
                m.stats().stampedeWait();
                do {
                    if (System.nanoTime() - deadline >= 0) {
                        m.stats().leaseTimeout();
                        return new Load(m, runtime, keys[0], versions, flight, null, null, true, watch);
                    }
                    LockSupport.parkNanos(POLL_NANOS);
                    Flights.startLoad(flight);
                    byte[] bytes = store.get(keys, versions);
                    Object hit = decodeHit(m, runtime, keys[0], bytes, versions);
                    if (hit != null) {
                        fillNear(m, watch, bytes, versions, hit);
                        flights.land(keys[0], flight, new Flight.Shared(bytes, versions, false));
                        return hit;
                    }
                } while (store.leaseHeld(leaseKey));
            }
            // Ours now; the previous holder may have stored the entry just before releasing.
            Flights.startLoad(flight);
            byte[] bytes = store.get(keys, versions);
            Object hit = decodeHit(m, runtime, keys[0], bytes, versions);
            if (hit != null) {
                store.releaseLease(leaseKey, token);
                fillNear(m, watch, bytes, versions, hit);
                flights.land(keys[0], flight, new Flight.Shared(bytes, versions, false));
                return hit;
            }
            return new Load(m, runtime, keys[0], versions, flight, leaseKey, token, true, watch);
        } catch (StoreException e) {
            // Redis failed mid-way: fail open to this JVM's single-flight alone.
            return new Load(m, runtime, keys[0], versions, flight, null, null, true, null);
        }
    }

    /** A hit from the near cache, decoded afresh unless no caller can mutate it; or {@code null}. */
    private static Object nearHit(CachedMethod m, MethodRuntime runtime, NearCache l1, Object nearKey) {
        NearEntry e = l1.get(nearKey);
        if (e == null) {
            return null;
        }
        Object value = e.shared != null ? e.shared : runtime.codec.decode(e.bytes, e.versions);
        if (value == MethodCodec.MISS) {
            return null;
        }
        m.stats().call();
        m.stats().hit(Tier.L1);
        return hit(m, value);
    }

    /** Keeps a hit read from Redis under {@code watch} in the near cache. */
    private void fillNear(CachedMethod m, NearCache.Watch watch, byte[] bytes, long[] versions, Object hit) {
        if (watch != null) {
            near.fill(watch, m.remainingMillis(MethodCodec.loadTimeMillis(bytes)), bytes, versions,
                    hit == CacheHandlerHolder.NULL ? null : hit);
        }
    }

    private static Object hit(CachedMethod m, Object value) {
        if (m.async()) {
            return CompletableFuture.completedFuture(value);
        }
        return value == null ? CacheHandlerHolder.NULL : value;
    }

    @Override
    public void exit(PendingCall call, Object returned, Throwable thrown) {
        Load load = (Load) call;
        if (thrown != null) {
            // Exceptions are never cached; waiting callers get this one.
            release(load);
            flights.fail(load.key, load.flight, thrown);
            return;
        }
        if (load.method.async()) {
            if (returned instanceof CompletionStage) {
                ((CompletionStage<?>) returned).whenComplete((value, error) -> {
                    if (error == null) {
                        store(load, value);
                    }
                });
            }
            return;
        }
        store(load, returned);
    }

    private void store(Load load, Object value) {
        CachedMethod m = load.method;
        if (load.cached != MethodCodec.MISS) {
            m.shadow().compare(m.cacheName(), m.stats(), load.key, load.cached, value);
        }
        byte[] bytes = null;
        if (value != null || m.cacheNulls()) {
            try {
                bytes = load.runtime.codec.encode(value, System.currentTimeMillis(), System.nanoTime() - load.startNanos, load.versions);
            } catch (CodecException e) {
                m.stats().error(ErrorKind.CODEC);
                disable(m, "its result cannot be serialized: " + e.getMessage());
            }
        }
        m.stats().loaded(System.nanoTime() - load.startNanos);
        if (bytes != null && load.store) {
            m.stats().stored(bytes.length);
            if (load.watch != null) {
                near.fill(load.watch, m.ttlMillis(), bytes, load.versions, value);
            }
            if (load.leaseKey != null) {
                // The lease goes only once the entry is in: a JVM waiting for either then finds the entry.
                store.putThenReleaseLease(load.key, bytes, m.ttlWithJitter(), load.leaseKey, load.leaseToken);
            } else {
                store.put(load.key, bytes, m.ttlWithJitter());
            }
        } else {
            release(load);
        }
        flights.land(load.key, load.flight, bytes == null ? null : new Flight.Shared(bytes, load.versions, !load.store));
    }

    private void release(Load load) {
        if (load.leaseKey != null) {
            store.releaseLease(load.leaseKey, load.leaseToken);
        }
    }

    /** Stops background reloads; the agent is being detached. */
    public void close() {
        refresher.close();
    }

    static void disable(CachedMethod m, String reason) {
        m.disable(reason);
        AgentLog.warnOnce("disabled:" + m.displayName(), m.displayName() + " runs uncached from now on: " + reason);
    }
}
