package io.cachet.agent.cache;

import io.cachet.agent.cache.InvalidatingMethod.Eviction;
import io.cachet.agent.codec.CodecException;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyException;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.KeyWriter;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.EvictionKind;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.InvalidationListener;
import io.cachet.agent.store.StoreException;
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
 */
public final class Invalidator implements InvalidationHandler {

    private static final String[] NONE = new String[0];

    private final MethodRegistry<InvalidatingMethod> methods;
    private final Caches caches;
    private final EntryKeys keys;
    private final CacheStore store;
    private final PendingInvalidations pending;
    private final MethodRuntime.Factory runtimes;
    private final long retentionMillis;
    /** This JVM's near cache, told at once; other JVMs' hear it from the store. */
    private final InvalidationListener near;

    public Invalidator(MethodRegistry<InvalidatingMethod> methods, Caches caches, EntryKeys keys, CacheStore store,
                       PendingInvalidations pending, MethodRuntime.Factory runtimes, long retentionMillis,
                       InvalidationListener near) {
        this.near = near;
        this.methods = methods;
        this.caches = caches;
        this.keys = keys;
        this.store = store;
        this.pending = pending;
        this.runtimes = runtimes;
        this.retentionMillis = retentionMillis;
    }

    /** A write-through between its two halves. */
    private static final class Prepared {
        final CachedMethod target;
        final String part;
        /** Counters read before the body: key, cache, then tags; {@code null} to evict instead. */
        final long[] snapshot;
        /** The writing method's loader, where the target cache's class is looked up. */
        final ClassLoader loader;

        Prepared(CachedMethod target, String part, long[] snapshot, ClassLoader loader) {
            this.target = target;
            this.part = part;
            this.snapshot = snapshot;
            this.loader = loader;
        }
    }

    @Override
    public Object before(int methodId, Class<?> declaringType, Object[] args) {
        InvalidatingMethod m = methods.get(methodId);
        if (m == null) {
            return null;
        }
        evict(m, args, true);
        InvalidatingMethod.WriteThrough wt = m.writeThrough();
        if (wt == null) {
            return null;
        }
        CachedMethod target = caches.named(wt.cacheName);
        String part;
        try {
            part = render(wt.key, args);
        } catch (KeyException e) {
            AgentLog.warnOnce("wt-key:" + m.displayName(), "cannot form the write-through key of " + m.displayName() + ": " + e.getMessage());
            return null;
        }
        String[] tagKeys = target == null || target.async() ? null : target.tagVersionKeysForKey(part);
        if (tagKeys == null) {
            return new Prepared(target, part, null, declaringType.getClassLoader());
        }
        String[] read = new String[2 + tagKeys.length];
        read[0] = target.keyVersionKey(part);
        read[1] = target.cacheVersionKey();
        System.arraycopy(tagKeys, 0, read, 2, tagKeys.length);
        try {
            return new Prepared(target, part, store.bumpDeleteRead(NONE, NONE, read, retentionMillis), declaringType.getClassLoader());
        } catch (StoreException e) {
            return new Prepared(target, part, null, declaringType.getClassLoader());
        }
    }

    @Override
    public void after(int methodId, Object state, Object[] args, Object returned, Throwable thrown) {
        InvalidatingMethod m = methods.get(methodId);
        if (m == null || thrown != null) {
            return; // by default nothing is evicted when the method fails
        }
        evict(m, args, false);
        InvalidatingMethod.WriteThrough wt = m.writeThrough();
        if (wt != null && state instanceof Prepared) {
            writeThrough(m, (Prepared) state, wt, returned);
        }
    }

    private void writeThrough(InvalidatingMethod m, Prepared p, InvalidatingMethod.WriteThrough wt, Object returned) {
        String entryKey = keys.cachePrefix(wt.cacheName) + p.part;
        String keyVersion = keys.keyVersion(wt.cacheName, p.part);
        byte[] bytes = p.snapshot == null ? null : encode(m, p, returned);
        if (bytes == null) {
            apply(new String[] {keyVersion}, new String[] {entryKey}, m);
            return;
        }
        try {
            store.bumpAndPut(keyVersion, retentionMillis, entryKey, bytes, p.target.ttlWithJitter());
        } catch (StoreException e) {
            pending.add(new String[] {keyVersion}, new String[] {entryKey}, e.getMessage());
        }
        near.bumped(new String[] {keyVersion});
    }

    /** The entry's bytes under the versions it will be current for, or {@code null} to evict instead. */
    private byte[] encode(InvalidatingMethod m, Prepared p, Object returned) {
        if (returned == null && !p.target.cacheNulls()) {
            return null;
        }
        try {
            Class<?> targetType = Class.forName(p.target.typeName(), false, p.loader);
            MethodRuntime runtime = runtimes.of(p.target, targetType);
            if (!runtime.codec.accepts(returned)) {
                AgentLog.warnOnce("wt-type:" + m.displayName(), m.displayName() + " returns values that are not "
                        + p.target.displayName() + "'s type; its write-through evicts instead");
                return null;
            }
            long[] versions = new long[p.snapshot.length];
            versions[0] = p.snapshot[1];            // the cache's counter
            versions[1] = p.snapshot[0] + 1;        // the key's, after our bump
            System.arraycopy(p.snapshot, 2, versions, 2, p.snapshot.length - 2);
            return runtime.codec.encode(returned, System.currentTimeMillis(), 0, versions);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            if (!(e instanceof CodecException)) {
                AgentLog.debug("write-through of " + m.displayName() + " evicts instead: " + e);
            }
            return null;
        }
    }

    private void evict(InvalidatingMethod m, Object[] args, boolean beforeInvocation) {
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
                    String part = render(e.key, args);
                    bump.add(keys.keyVersion(e.cacheName, part));
                    delete.add(keys.cachePrefix(e.cacheName) + part);
                    AgentMetrics.forCache(e.cacheName).evicted(EvictionKind.KEY);
                } else {
                    for (KeyTemplate tag : e.tags) {
                        bump.add(keys.tagVersion(render(tag, args)));
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
                        bump.add(c.cacheVersionKey());
                    }
                }
            }
        }
        if (!bump.isEmpty()) {
            apply(bump.toArray(NONE), delete.toArray(NONE), m);
        }
    }

    private void apply(String[] bump, String[] delete, InvalidatingMethod m) {
        try {
            store.bumpDeleteRead(bump, delete, NONE, retentionMillis);
        } catch (StoreException e) {
            pending.add(bump, delete, m.displayName() + ": " + e.getMessage());
        }
        // Whether or not it landed: this JVM's own next call must not see what it evicted.
        near.bumped(bump);
    }

    private static String render(KeyTemplate template, Object[] args) {
        KeyWriter w = new KeyWriter();
        template.render(args, w);
        return w.keyPart();
    }
}
