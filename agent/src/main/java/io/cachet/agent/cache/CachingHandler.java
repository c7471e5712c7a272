package io.cachet.agent.cache;

import io.cachet.agent.codec.CodecException;
import io.cachet.agent.codec.MethodCodec;
import io.cachet.agent.key.KeyException;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.StoreException;
import io.cachet.bootstrap.CacheHandler;
import io.cachet.bootstrap.CacheHandlerHolder;
import io.cachet.bootstrap.PendingCall;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Cache-aside for every instrumented method: key, lookup, and on a miss, store what the method
 * returned. Every fault (a key that cannot be formed, Redis down or slow, bytes that do not
 * decode, a value that does not encode) ends in running the method normally; nothing here
 * throws into the application.
 */
public final class CachingHandler implements CacheHandler {

    private final Caches caches;
    private final CacheStore store;
    private final PendingInvalidations pending;
    private final MethodRuntime.Factory runtimes;

    public CachingHandler(Caches caches, CacheStore store, PendingInvalidations pending, MethodRuntime.Factory runtimes) {
        this.caches = caches;
        this.store = store;
        this.pending = pending;
        this.runtimes = runtimes;
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
        final long startNanos = System.nanoTime();

        Load(CachedMethod method, MethodRuntime runtime, String key, long[] versions) {
            this.method = method;
            this.runtime = runtime;
            this.key = key;
            this.versions = versions;
        }
    }

    @Override
    public Object enter(int methodId, Class<?> declaringType, Object[] args) {
        CachedMethod m = caches.get(methodId);
        if (m == null || m.disabled() || !store.available() || pending.bypassing()) {
            return null;
        }
        MethodRuntime runtime;
        String[] keys;
        try {
            runtime = runtimes.of(m, declaringType);
            keys = m.lookupKeys(args);
        } catch (KeyException e) {
            AgentLog.warnOnce("key:" + m.displayName(), "cannot form a cache key for " + m.displayName()
                    + " (" + e.getMessage() + "); such calls run uncached");
            return null;
        } catch (RuntimeException | LinkageError e) {
            disable(m, "its return type cannot be prepared for caching: " + e);
            return null;
        }
        long[] versions = new long[keys.length - 1];
        byte[] bytes;
        try {
            bytes = store.get(keys, versions);
        } catch (StoreException e) {
            return null;
        }
        if (bytes != null) {
            Object value = runtime.codec.decode(bytes, versions);
            if (value != MethodCodec.MISS) {
                if (m.slidingTtl()) {
                    store.touch(keys[0], m.ttlWithJitter());
                }
                return hit(m, value);
            }
        }
        return new Load(m, runtime, keys[0], versions);
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
            return; // exceptions are never cached
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
        if (value == null && !m.cacheNulls()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = load.runtime.codec.encode(value, System.currentTimeMillis(), System.nanoTime() - load.startNanos, load.versions);
        } catch (CodecException e) {
            disable(m, "its result cannot be serialized: " + e.getMessage());
            return;
        }
        store.put(load.key, bytes, m.ttlWithJitter());
    }

    static void disable(CachedMethod m, String reason) {
        m.disable(reason);
        AgentLog.warnOnce("disabled:" + m.displayName(), m.displayName() + " runs uncached from now on: " + reason);
    }
}
