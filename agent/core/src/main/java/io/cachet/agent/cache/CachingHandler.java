package io.cachet.agent.cache;

import io.cachet.agent.codec.Entry;
import io.cachet.agent.key.KeyException;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.near.TieredStore;
import io.cachet.agent.shadow.ShadowPolicy;
import io.cachet.agent.store.Found;
import io.cachet.agent.store.StoreException;
import io.cachet.agent.tracing.ChildSpans;
import io.cachet.bootstrap.CacheHandler;
import io.cachet.bootstrap.PendingCall;

/**
 * Cache-aside for every instrumented method, as a router: it decides which path a call takes
 * and leaves each step to the class that owns it. The near tier first ({@link Reads#nearByValue},
 * {@link Reads#near});
 * then a background reload ({@link Refresher}), a shadow comparison, single-flight
 * ({@link SingleFlight}) or a plain read; a miss becomes a {@link Load} that {@link Fills}
 * completes when the method has run. Every fault (a key that cannot be formed, Redis down or
 * slow, bytes that do not decode, a value that does not encode) ends in running the method
 * normally; nothing here throws into the application.
 */
public final class CachingHandler implements CacheHandler {

    private final Caches caches;
    private final TieredStore tiers;
    private final PendingInvalidations pending;
    private final MethodRuntime.Factory runtimes;
    private final Refresher refresher;
    private final Reads reads;
    private final SingleFlight singleFlight;
    private final Fills fills;
    private final DeferredLookups deferred;
    private final SuspendCalls suspending;

    /** {@link #nearByValue}'s answer when the call must run uncached; never leaves this class. */
    private static final Object RUN_UNCACHED = new Object();

    public CachingHandler(Caches caches, TieredStore tiers, PendingInvalidations pending, MethodRuntime.Factory runtimes,
                          long leaseMillis, long waitMillis) {
        this.caches = caches;
        this.tiers = tiers;
        this.pending = pending;
        this.runtimes = runtimes;
        this.refresher = new Refresher(tiers, leaseMillis);
        this.reads = new Reads(tiers, refresher);
        this.singleFlight = new SingleFlight(tiers, reads, pending, leaseMillis, waitMillis);
        this.fills = new Fills(tiers, singleFlight, runtimes.maxEntryBytes());
        this.deferred = new DeferredLookups(tiers, reads, singleFlight, fills, pending);
        this.suspending = new SuspendCalls(tiers, reads, singleFlight, fills, pending);
    }

    @Override
    public Object enter(int methodId, Class<?> declaringType, Object self, Object[] args) {
        CachedMethod m = cacheable(methodId);
        if (m == null) {
            return null;
        }
        Object hit = nearFirst(m) ? nearByValue(m, m.keys().byValue(args)) : null;
        if (hit != null) {
            return hit == RUN_UNCACHED ? null : hit;
        }
        return routed(methodId, m, declaringType, self, args);
    }

    @Override
    public Object enterSingle(int methodId, Class<?> declaringType, Object self, Object argument) {
        CachedMethod m = cacheable(methodId);
        if (m == null) {
            return null;
        }
        Object hit = nearFirst(m) ? nearByValue(m, m.keys().byValueOfSingle(argument)) : null;
        if (hit != null) {
            return hit == RUN_UNCACHED ? null : hit;
        }
        return routed(methodId, m, declaringType, self, new Object[] {argument});
    }

    /** The method registered as {@code methodId}, or {@code null} when this call runs as it is. */
    private CachedMethod cacheable(int methodId) {
        CachedMethod m = caches.get(methodId);
        return m == null || m.disabled() || DelegatedCalls.isDelegate(m) ? null : m;
    }

    /** Whether a call of {@code m} looks in the near tier before anything else is prepared. */
    private boolean nearFirst(CachedMethod m) {
        return m.nearEligible() && tiers.hasNearTier() && !pending.bypassing();
    }

    /**
     * The near hit found by the call's key among the method's ({@link Reads#nearByValue}), or
     * {@code null}: before {@link #route}, which builds the call from an array of its arguments.
     *
     * @return the hit; {@link #RUN_UNCACHED} after a fault, handled as {@code route} handles one
     */
    private Object nearByValue(CachedMethod m, Object byValue) {
        if (byValue == null) {
            return null;
        }
        try {
            return reads.nearByValue(m, byValue);
        } catch (RuntimeException | LinkageError e) {
            cannotPrepare(m, e);
            return RUN_UNCACHED;
        }
    }

    private Object routed(int methodId, CachedMethod m, Class<?> declaringType, Object self, Object[] args) {
        Object routed = route(methodId, m, declaringType, self, args);
        if (routed instanceof Load) {
            if (m.generated()) {
                ((Load) routed).delegating = DelegatedCalls.entered(m);
            }
            // Last: the load's span is current until exit, on this thread.
            ((Load) routed).span = ChildSpans.load(m.cacheName());
        }
        return routed;
    }

    private Object route(int methodId, CachedMethod m, Class<?> declaringType, Object self, Object[] args) {
        Call call;
        try {
            boolean near = nearFirst(m);
            call = new Call(m, runtimes.of(m, declaringType), self, args);
            if (m.suspending()) {
                // First, before anything reads the arguments: a re-entry's are nulls.
                return suspending.enter(call, methodId);
            }
            if (m.shape().deferred()) {
                // Assembly, not subscription: the lookup waits for each subscription. Shadow
                // comparisons are not made for publishers: such a method runs uncached.
                call.lookup();
                return m.policy().shadow() == ShadowPolicy.OFF ? new DeferredCall(call) : null;
            }
            if (near) {
                Object hit = reads.near(call);
                if (hit != null) {
                    return hit;
                }
            }
            call.lookup();
        } catch (RuntimeException | LinkageError e) {
            cannotPrepare(m, e);
            return null;
        }
        boolean storeUp = tiers.available() && !pending.bypassing();
        Refresher.RefreshThread refresh = Refresher.refreshing(call.lookup().entryKey());
        if (refresh != null) {
            return reloadUnderLease(call, refresh, storeUp);
        }
        m.stats().call();
        if (!storeUp) {
            m.stats().bypass();
        }
        if (m.policy().shadow().runsForReal()) {
            return storeUp ? shadow(call) : null;
        }
        if (m.singleFlight()) {
            return singleFlight.enter(call, storeUp);
        }
        return storeUp ? reads.readThrough(call) : null;
    }

    /** A call that cannot be prepared runs uncached: a key that cannot be formed is reported, anything else disables the method. */
    private static void cannotPrepare(CachedMethod m, Throwable e) {
        if (e instanceof KeyException) {
            cannotFormKey(m, (KeyException) e);
        } else {
            m.disable("its return type cannot be prepared for caching: " + e);
        }
    }

    /** Where to name a key, for the key failure's line: the rule's key setting, or the annotation's. */
    private static String keyRemedy(CachedMethod m) {
        String source = m.configuredBy();
        if (source.startsWith("cachet.cache.") && source.endsWith(".*")) {
            return source.substring(0, source.length() - 1) + "key={0.id} (a property path of an argument)";
        }
        return "@Cached(key = \"{0.id}\") (a property path of an argument), or @CacheKey on the parameters that do";
    }

    /** Counts and reports (once) a call whose key cannot be formed; it runs uncached. */
    static void cannotFormKey(CachedMethod m, KeyException e) {
        m.stats().error(ErrorKind.TEMPLATE);
        AgentLog.warnOnce("key:" + m.displayName(), "cannot form a cache key for " + m.displayName()
                + " (" + e.getMessage() + "); such calls run uncached. Name the parts that identify a call: "
                + keyRemedy(m));
    }

    /**
     * A background reload of the current thread's entry: load under the lease it holds. A reload
     * that cannot be recorded (Redis went away since the lease was taken) runs uncached and gives
     * the lease back at once, or every JVM's next miss of the key would wait for it.
     */
    private Object reloadUnderLease(Call call, Refresher.RefreshThread refresh, boolean storeUp) {
        if (storeUp) {
            try {
                return Load.reload(call, tiers.versions(call.lookup())).underLease(refresh.lease);
            } catch (StoreException e) {
                // released below
            }
        }
        if (refresh.lease != null) {
            tiers.release(refresh.lease);
        }
        return null;
    }

    /**
     * Shadow mode (and a verify-sample call): the method runs for real, whatever is cached; the
     * entry it would have been served is kept to compare with its result, which is then stored
     * as on a miss. Without Redis it simply runs: there is nothing to compare with.
     */
    private Object shadow(Call call) {
        try {
            Found found = tiers.get(call.lookup());
            Load load = Load.miss(call, found.versions);
            Entry entry = Entry.parse(found.bytes, call.lookup().entryKey());
            if (entry != null && !call.policy().pastStaleWindow(entry)) {
                load.cached = call.runtime.codec.decode(entry, found.versions);
            }
            return load;
        } catch (StoreException e) {
            call.method.stats().error(ErrorKind.REDIS);
            return null;
        }
    }

    @Override
    public Object exit(PendingCall pending, Object returned, Throwable thrown) {
        if (pending instanceof SuspendCall) {
            return suspending.exit((SuspendCall) pending, returned, thrown);
        }
        if (pending instanceof DeferredCall) {
            return ((DeferredCall) pending).exit(returned, thrown, deferred);
        }
        Load load = (Load) pending;
        ChildSpans.end(load.span, thrown);
        if (load.delegating != null) {
            DelegatedCalls.left(load.delegating);
        }
        if (thrown != null) {
            fills.failed(load, thrown);
            return returned;
        }
        return load.call.method.shape().complete(returned, value -> fills.completed(load, value));
    }

    /** Stops background reloads; the agent is being detached. */
    public void close() {
        refresher.close();
    }
}
