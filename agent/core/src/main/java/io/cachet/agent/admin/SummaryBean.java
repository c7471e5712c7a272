package io.cachet.agent.admin;

import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import io.cachet.agent.metrics.ErrorKind;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** {@link CachetMXBean}: sums over every cache, read when asked. */
final class SummaryBean implements CachetMXBean {

    private static double sum(ToDoubleFunction<CacheStats> f) {
        double total = 0;
        for (CacheStats s : AgentMetrics.all()) {
            total += f.applyAsDouble(s);
        }
        return total;
    }

    @Override public int getCaches() { return AgentMetrics.all().size(); }
    @Override public long getCalls() { return (long) sum(CacheStats::calls); }
    @Override public long getHits() { return (long) sum(CacheStats::hits); }
    @Override public long getMisses() { return (long) sum(CacheStats::misses); }

    @Override
    public double getHitRatio() {
        long hits = getHits();
        long total = hits + getMisses();
        return total == 0 ? 0 : (double) hits / total;
    }

    @Override public double getTimeSavedSeconds() { return sum(CacheStats::timeSavedSeconds); }

    @Override
    public long getErrors() {
        List<CacheStats> all = AgentMetrics.all();
        long n = 0;
        for (CacheStats s : all) {
            for (ErrorKind k : ErrorKind.values()) {
                n += s.errors(k);
            }
        }
        return n;
    }

    @Override public long getBypasses() { return (long) sum(CacheStats::bypasses); }
    @Override public long getTagEvictions() { return AgentMetrics.tagEvictions(); }
    @Override public boolean isCircuitOpen() { return AgentMetrics.circuit().isOpen(); }
    @Override public long getCircuitOpenedCount() { return AgentMetrics.circuit().timesOpened(); }
    @Override public long getShadowMismatches() { return (long) sum(CacheStats::shadowMismatches); }
}
