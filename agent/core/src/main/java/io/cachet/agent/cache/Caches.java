package io.cachet.agent.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cached methods of this JVM by cache name, so that an {@code @Evicts} or
 * {@code @WriteThrough} naming a cache finds its key format, TTL and codec.
 */
public final class Caches {

    private final MethodRegistry<CachedMethod> registry = new MethodRegistry<>();
    private final Map<String, CachedMethod> byName = new ConcurrentHashMap<>();

    /** @return the method's number for its advice */
    public int register(CachedMethod method) {
        byName.put(method.cacheName(), method);
        return registry.register(method);
    }

    CachedMethod get(int id) {
        return registry.get(id);
    }

    /** The cache of that name, when a method of it has been instrumented in this JVM. */
    CachedMethod named(String cacheName) {
        return byName.get(cacheName);
    }

    /** Every cache instrumented in this JVM (one method per cache name). */
    public Collection<CachedMethod> all() {
        return byName.values();
    }

    /** The instrumented methods, for the attach report. */
    public List<String> displayNames() {
        List<String> out = new ArrayList<>();
        for (CachedMethod m : byName.values()) {
            out.add(m.displayName());
        }
        out.sort(null);
        return out;
    }

    public int size() {
        return registry.size();
    }
}
