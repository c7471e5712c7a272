package io.cachet.agent.cache;

import io.cachet.agent.key.Lookup;
import io.cachet.agent.near.NearCache;

/**
 * One call of a cached method on its way through the cache: the method, its runtime, the
 * arguments, and what they are looked up by, rendered when first needed.
 */
final class Call {

    final CachedMethod method;
    final MethodRuntime runtime;
    /** The instance, {@code null} for a static method; kept only to reload in the background. */
    final Object self;
    final Object[] args;
    private Lookup lookup;
    /** Where the near tier keeps this call's entry; {@code null} when it must not keep it. */
    NearCache.Partition nearPartition;
    /** What the near tier finds this call's entry by in {@link #nearPartition}. */
    Object nearKey;

    Call(CachedMethod method, MethodRuntime runtime, Object self, Object[] args) {
        this.method = method;
        this.runtime = runtime;
        this.self = self;
        this.args = args;
    }

    /** @throws io.cachet.agent.key.KeyException when an argument cannot be rendered */
    Lookup lookup() {
        if (lookup == null) {
            lookup = method.keys().lookup(args);
        }
        return lookup;
    }

    CachePolicy policy() {
        return method.policy();
    }
}
