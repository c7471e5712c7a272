package io.cachet.agent.metrics;

/** Where a hit was served from. */
public enum Tier {
    /** This JVM's memory: the near cache, or the whole store in local mode. */
    L1,
    /** Redis. */
    L2
}
