package io.cachet.agent.cache;

import io.cachet.agent.cache.InvalidatingMethod.Eviction;
import io.cachet.agent.codec.CodecException;
import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyException;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.EvictionKind;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.Invalidation;
import io.cachet.agent.store.StoreException;
import io.cachet.agent.tx.OpenTransaction;
import io.cachet.agent.tx.Repeats;
import io.cachet.bootstrap.InvalidationHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Evictions and write-throughs. Every one is a bump of a version counter (O(1), whatever number
 * of entries it invalidates: no KEYS, no SCAN, no member sets), plus a delete where a single
 * entry is named, so that its memory goes at once.
 *
 * <p>Write-through, race by race: the counters the new entry depends on are read before the
 * method body runs; after it returns, one round trip bumps the key's counter and stores the
 * entry recorded under the bumped value. A load that started before the bump records the old
 * value, so its late fill is stale; an eviction during the body moves a counter the entry
 * recorded before it, so the entry is stale; a concurrent second bump of the key makes ours
 * stale and theirs current. When the entry's tags cannot be told from its key, or the target
 * cache is not instrumented in this JVM, the write-through evicts the key instead.
 *
 * <p>Inside a transaction ({@link Repeats}): every eviction is applied at the return and again
 * once the transaction has completed, so nothing loaded before the commit survives it. A
 * write-through there must not show its uncommitted result to other JVMs: at the return it
 * evicts the key, and only after the commit stores the entry, recorded under the counter value
 * its two bumps make current (so any other bump in between makes it stale); after a rollback it
 * evicts the key again instead.
 */
public final class Invalidator implements InvalidationHandler {

    private final MethodRegistry<InvalidatingMethod> methods;
    private final Caches caches;
    private final EntryKeys keys;
    private final CacheStore store;
    private final PendingInvalidations pending;
    private final MethodRuntime.Factory runtimes;
    private final Repeats repeats;

    /**
     * @param store the tiers: the near cache in front hears of every eviction at once
     * @param repeats when evictions are applied a second time (after a transaction's completion)
     */
    public Invalidator(MethodRegistry<InvalidatingMethod> methods, Caches caches, EntryKeys keys, CacheStore store,
                       PendingInvalidations pending, MethodRuntime.Factory runtimes, Repeats repeats) {
        this.methods = methods;
        this.caches = caches;
        this.keys = keys;
        this.store = store;
        this.pending = pending;
        this.runtimes = runtimes;
        this.repeats = repeats;
    }

    /** A write-through between its two halves. */
    private static final class Prepared {
        final String part;
        final CachedMethod target;
        /** What the written entry will be read by; {@code null} to evict instead. */
        final Lookup lookup;
        /** Its counters as they were before the body ran. */
        final Versions before;
        /** The writing method's class: its loader finds the target cache's class and the transaction. */
        final Class<?> caller;

        private Prepared(String part, CachedMethod target, Lookup lookup, Versions before, Class<?> caller) {
            this.part = part;
            this.target = target;
            this.lookup = lookup;
            this.before = before;
            this.caller = caller;
        }

        static Prepared evictingInstead(String part, Class<?> caller) {
            return new Prepared(part, null, null, null, caller);
        }

        static Prepared writing(String part, CachedMethod target, Lookup lookup, Versions before, Class<?> caller) {
            return new Prepared(part, target, lookup, before, caller);
        }
    }

    @Override
    public Object before(int methodId, Class<?> declaringType, Object[] args) {
        InvalidatingMethod m = methods.get(methodId);
        if (m == null) {
            return null;
        }
        evict(m, args, true, declaringType);
        InvalidatingMethod.WriteThrough wt = m.writeThrough();
        if (wt == null) {
            // after() needs the class to find the transaction; the Class itself saves an allocation.
            return declaringType;
        }
        String part;
        try {
            part = CacheKeys.renderKey(wt.key, args);
        } catch (KeyException e) {
            AgentLog.warnOnce("wt-key:" + m.displayName(), "cannot form the write-through key of " + m.displayName() + ": " + e.getMessage());
            return declaringType;
        }
        CachedMethod target = caches.named(wt.cacheName);
        // A key declared otherwise than the cache's may render another argument's key part ("42" for 42L).
        Lookup lookup = target == null || target.shape() != ReturnShape.VALUE || !target.keys().keyDeclaredLike(wt.key)
                ? null : target.keys().forKeyPart(part);
        if (lookup == null) {
            return Prepared.evictingInstead(part, declaringType);
        }
        try {
            return Prepared.writing(part, target, lookup, store.versionsToBump(lookup), declaringType);
        } catch (StoreException e) {
            return Prepared.evictingInstead(part, declaringType);
        }
    }

    @Override
    public void after(int methodId, Object state, Object[] args, Object returned, Throwable thrown) {
        InvalidatingMethod m = methods.get(methodId);
        if (m == null || thrown != null) {
            return; // by default nothing is evicted when the method fails
        }
        Class<?> caller = state instanceof Prepared ? ((Prepared) state).caller : state instanceof Class ? (Class<?>) state : null;
        evict(m, args, false, caller);
        InvalidatingMethod.WriteThrough wt = m.writeThrough();
        if (wt != null && state instanceof Prepared) {
            writeThrough(m, (Prepared) state, wt, returned);
        }
    }

    private void writeThrough(InvalidatingMethod m, Prepared p, InvalidatingMethod.WriteThrough wt, Object returned) {
        String entryKey = keys.cachePrefix(wt.cacheName) + p.part;
        String keyVersion = keys.keyVersion(wt.cacheName, p.part);
        Invalidation evictKey = new Invalidation(List.of(keyVersion), List.of(entryKey));
        OpenTransaction tx = p.lookup == null ? null : repeats.transaction(p.caller);
        // In a transaction the key is bumped twice before the entry is stored: now, and with the store.
        byte[] bytes = p.lookup == null ? null
                : encode(m, p, returned, tx == null ? p.before.withKeyBumped() : p.before.withKeyBumped().withKeyBumped());
        if (bytes == null) {
            applyAndRepeat(evictKey, m, p.caller);
            return;
        }
        long ttl = p.target.policy().ttlWithJitter();
        if (tx != null) {
            apply(evictKey, m);
            Runnable afterRollback = () -> apply(evictKey, m);
            if (!tx.afterCompletion(committed -> {
                if (committed) {
                    put(keyVersion, entryKey, bytes, ttl, evictKey);
                } else {
                    afterRollback.run();
                }
            })) {
                repeats.later(afterRollback);
            }
            return;
        }
        put(keyVersion, entryKey, bytes, ttl, evictKey);
        // A transaction the agent cannot see may yet roll back what was just written.
        repeats.later(() -> apply(evictKey, m));
    }

    private void put(String keyVersion, String entryKey, byte[] bytes, long ttlMillis, Invalidation instead) {
        try {
            store.bumpAndPut(keyVersion, entryKey, bytes, ttlMillis);
        } catch (StoreException e) {
            pending.add(instead, e.getMessage());
        }
    }

    /** The entry's bytes under the versions it will be current for, or {@code null} to evict instead. */
    private byte[] encode(InvalidatingMethod m, Prepared p, Object returned, Versions current) {
        if (returned == null && !p.target.policy().cacheNulls()) {
            return null;
        }
        try {
            Class<?> targetType = Class.forName(p.target.method().typeName(), false, p.caller.getClassLoader());
            MethodRuntime runtime = runtimes.of(p.target, targetType);
            if (!runtime.codec.accepts(returned)) {
                AgentLog.warnOnce("wt-type:" + m.displayName(), m.displayName() + " returns values that are not "
                        + p.target.displayName() + "'s type; its write-through evicts instead");
                return null;
            }
            byte[] bytes = runtime.codec.encode(returned, p.lookup.entryKey(), System.currentTimeMillis(), 0, current);
            if (!Fills.fits(p.target, bytes, runtimes.maxEntryBytes())) {
                return null; // evict instead
            }
            return bytes;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            if (e instanceof CodecException) {
                AgentLog.warnOnce("wt-codec:" + m.displayName(), "write-through of " + m.displayName() + " evicts instead: "
                        + "its result cannot be stored: " + ((CodecException) e).explained());
            } else {
                AgentLog.debug("write-through of " + m.displayName() + " evicts instead: " + e);
            }
            return null;
        }
    }

    private void evict(InvalidatingMethod m, Object[] args, boolean beforeInvocation, Class<?> caller) {
        List<String> bump = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (Eviction e : m.evictions()) {
            if (e.beforeInvocation != beforeInvocation) {
                continue;
            }
            try {
                if (e.allEntries) {
                    bump.add(keys.cacheVersion(e.cacheName));
                    AgentMetrics.forCache(e.cacheName).evicted(EvictionKind.ALL);
                } else if (e.key != null) {
                    for (String part : CacheKeys.keyPartsForEviction(e.key, args)) {
                        bump.add(keys.keyVersion(e.cacheName, part));
                        delete.add(keys.cachePrefix(e.cacheName) + part);
                    }
                    AgentMetrics.forCache(e.cacheName).evicted(EvictionKind.KEY);
                } else {
                    for (KeyTemplate tag : e.tags) {
                        bump.add(keys.tagVersion(CacheKeys.render(tag, args)));
                        AgentMetrics.tagEvicted();
                    }
                }
            } catch (KeyException ex) {
                // Evict more rather than less: the whole cache, or every cache known here.
                AgentLog.warnOnce("evict-key:" + m.displayName(), "cannot form an eviction of " + m.displayName()
                        + " (" + ex.getMessage() + "); evicting whole caches instead");
                if (e.cacheName != null) {
                    bump.add(keys.cacheVersion(e.cacheName));
                } else {
                    for (CachedMethod c : caches.all()) {
                        bump.add(c.keys().cacheVersionKey());
                    }
                }
            }
        }
        if (!bump.isEmpty()) {
            applyAndRepeat(new Invalidation(bump, delete), m, caller);
        }
    }

    /** Now, and again once the transaction {@code caller}'s method runs in has completed (see {@link Repeats}). */
    private void applyAndRepeat(Invalidation invalidation, InvalidatingMethod m, Class<?> caller) {
        apply(invalidation, m);
        repeats.again(caller, () -> apply(invalidation, m));
    }

    /** Whether or not it lands, this JVM's own tiers no longer serve what it evicts. */
    private void apply(Invalidation invalidation, InvalidatingMethod m) {
        pending.evictions().evicting(invalidation.bump);
        try {
            store.invalidate(invalidation);
        } catch (StoreException e) {
            pending.add(invalidation, m.displayName() + ": " + e.getMessage());
        }
    }
}
