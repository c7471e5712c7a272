package io.cachet.agent.admin;

import io.cachet.agent.metrics.CacheStats;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.metrics.EvictionKind;
import io.cachet.agent.metrics.Tier;

/** {@link CacheMXBean} over a {@link CacheStats}; every read is a fresh sum. */
final class CacheBean implements CacheMXBean {

    private static final double NANOS_PER_MILLI = 1e6;

    private final CacheStats stats;

    CacheBean(CacheStats stats) {
        this.stats = stats;
    }

    @Override public String getCacheName() { return stats.cacheName(); }
    @Override public long getCalls() { return stats.calls(); }
    @Override public long getHitsL1() { return stats.hits(Tier.L1); }
    @Override public long getHitsL2() { return stats.hits(Tier.L2); }
    @Override public long getMisses() { return stats.misses(); }
    @Override public double getHitRatio() { return stats.hitRatio(); }
    @Override public long getLoads() { return stats.loadNanos().count(); }
    @Override public double getLoadTimeMeanMillis() { return stats.loadNanos().mean() / NANOS_PER_MILLI; }
    @Override public double getLoadTimeP50Millis() { return stats.loadNanos().quantile(0.5) / NANOS_PER_MILLI; }
    @Override public double getLoadTimeP99Millis() { return stats.loadNanos().quantile(0.99) / NANOS_PER_MILLI; }
    @Override public double getTimeSavedSeconds() { return stats.timeSavedSeconds(); }
    @Override public long getRedisErrors() { return stats.errors(ErrorKind.REDIS); }
    @Override public long getCodecErrors() { return stats.errors(ErrorKind.CODEC); }
    @Override public long getTemplateErrors() { return stats.errors(ErrorKind.TEMPLATE); }
    @Override public long getBypasses() { return stats.bypasses(); }
    @Override public long getStaleEntries() { return stats.staleEntries(); }
    @Override public long getStampedeWaits() { return stats.stampedeWaits(); }
    @Override public long getLeaseTimeouts() { return stats.leaseTimeouts(); }
    @Override public long getKeyEvictions() { return stats.evictions(EvictionKind.KEY); }
    @Override public long getAllEntriesEvictions() { return stats.evictions(EvictionKind.ALL); }
    @Override public long getStoredEntries() { return stats.storedBytes().count(); }
    @Override public double getStoredBytesMean() { return stats.storedBytes().mean(); }
    @Override public long getStoredBytesP99() { return stats.storedBytes().quantile(0.99); }
    @Override public long getShadowMatches() { return stats.shadowMatches(); }
    @Override public long getShadowMismatches() { return stats.shadowMismatches(); }
}
