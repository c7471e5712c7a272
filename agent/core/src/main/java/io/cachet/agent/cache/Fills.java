package io.cachet.agent.cache;

import io.cachet.agent.codec.CodecException;
import io.cachet.agent.codec.MethodCodec;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.store.CacheStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Ends a {@link Load}: encodes the method's result under the versions the load started with,
 * stores it (and only then gives the lease back, so a JVM waiting for either finds the entry),
 * lets the tiers in front keep it, and hands it to the followers of its flight. A thrown
 * exception is never cached: the lease goes, and the followers get the exception.
 */
final class Fills {

    private static final CompletionStage<Void> NOTHING_STORED = CompletableFuture.completedFuture(null);

    private final CacheStore store;
    private final SingleFlight singleFlight;
    private final int maxEntryBytes;

    Fills(CacheStore store, SingleFlight singleFlight, int maxEntryBytes) {
        this.store = store;
        this.singleFlight = singleFlight;
        this.maxEntryBytes = maxEntryBytes;
    }

    /** @return completes once the store has answered (at once when nothing is stored) */
    CompletionStage<Void> completed(Load load, Object value) {
        CachedMethod m = load.call.method;
        if (load.cached != MethodCodec.MISS) {
            m.policy().shadow().compare(m.cacheName(), m.stats(), load.call.lookup().entryKey(), load.cached, value);
        }
        byte[] bytes = null;
        long computeNanos = System.nanoTime() - load.startNanos;
        if (value != null || m.policy().cacheNulls()) {
            try {
                bytes = load.call.runtime.codec.encode(value, load.call.lookup().entryKey(), System.currentTimeMillis(), computeNanos,
                        load.versions);
            } catch (CodecException e) {
                m.stats().error(ErrorKind.CODEC);
                if (e.perCall()) {
                    // Depends on the call (what the session had loaded): other calls' results may be stored.
                    AgentLog.warnOnce("codec-call:" + m.cacheName() + ":" + e.getMessage(), "cannot cache "
                            + m.displayName() + "'s result: " + e.explained());
                } else {
                    m.disable(e.explained());
                }
            }
        }
        m.stats().loaded(computeNanos);
        CompletionStage<Void> stored = NOTHING_STORED;
        if (bytes != null && load.stores() && load.versions.recordable() && fits(m, bytes, maxEntryBytes)) {
            m.stats().stored(bytes.length);
            if (load.found() != null) {
                load.found().keep(bytes, load.versions, value, m.policy().ttlMillis());
            }
            String entryKey = load.call.lookup().entryKey();
            stored = load.lease() != null
                    ? store.putThenRelease(entryKey, bytes, m.policy().ttlWithJitter(), load.lease())
                    : store.put(entryKey, bytes, m.policy().ttlWithJitter());
        } else {
            release(load);
        }
        singleFlight.landed(load, bytes, stored);
        return stored;
    }

    /**
     * Whether an entry is small enough to store. A larger one would cost Redis memory and its
     * single thread, and might not even come back within the timeout: such a result is still
     * returned, and handed to the followers of its flight, but not stored.
     */
    static boolean fits(CachedMethod m, byte[] bytes, int maxEntryBytes) {
        if (bytes.length <= maxEntryBytes) {
            return true;
        }
        m.stats().error(ErrorKind.CODEC);
        AgentLog.warnOnce("max-entry:" + m.cacheName(), "cache '" + m.cacheName() + "': an entry of " + bytes.length
                + " bytes is over cachet.codec.max-entry-bytes (" + maxEntryBytes + "); such results are not stored");
        return false;
    }

    /** The value never came (a subscription cancelled first, a {@code Flux} over its bound): nothing is stored, followers run the method. */
    void abandoned(Load load) {
        release(load);
        singleFlight.landed(load, null, NOTHING_STORED);
    }

    void failed(Load load, Throwable thrown) {
        release(load);
        singleFlight.failed(load, thrown);
    }

    private void release(Load load) {
        if (load.lease() != null) {
            store.release(load.lease());
        }
    }
}
