package io.cachet.agent.admin;

/** All caches together, as {@code io.cachet:type=Summary}. Primitives only, for JConsole. */
public interface CachetMXBean {

    int getCaches();

    long getCalls();

    long getHits();

    long getMisses();

    double getHitRatio();

    double getTimeSavedSeconds();

    long getErrors();

    long getBypasses();

    long getTagEvictions();

    boolean isCircuitOpen();

    long getCircuitOpenedCount();

    long getShadowMismatches();
}
