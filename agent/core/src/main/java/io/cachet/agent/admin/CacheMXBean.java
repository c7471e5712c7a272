package io.cachet.agent.admin;

/**
 * One cache, as {@code io.cachet:type=Cache,name=<cache>}. Attributes are primitives and
 * strings only: JConsole and VisualVM cannot load the agent's classes, and need none to show these.
 */
public interface CacheMXBean {

    String getCacheName();

    long getCalls();

    long getHitsL1();

    long getHitsL2();

    long getMisses();

    double getHitRatio();

    long getLoads();

    double getLoadTimeMeanMillis();

    double getLoadTimeP50Millis();

    double getLoadTimeP99Millis();

    double getTimeSavedSeconds();

    long getRedisErrors();

    long getCodecErrors();

    long getTemplateErrors();

    long getBypasses();

    long getStaleEntries();

    long getStampedeWaits();

    long getLeaseTimeouts();

    long getKeyEvictions();

    long getAllEntriesEvictions();

    long getStoredEntries();

    double getStoredBytesMean();

    long getStoredBytesP99();

    long getShadowMatches();

    long getShadowMismatches();
}
