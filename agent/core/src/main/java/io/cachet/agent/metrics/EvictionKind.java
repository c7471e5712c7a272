package io.cachet.agent.metrics;

/** What an eviction of one cache named (tags span caches: see {@link AgentMetrics#tagEvicted()}). */
public enum EvictionKind {
    /** One entry of a cache. */
    KEY,
    /** A whole cache. */
    ALL
}
