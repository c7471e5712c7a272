package io.cachet.agent.admin;

import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import io.cachet.agent.metrics.ErrorKind;
import io.cachet.agent.metrics.EvictionKind;
import io.cachet.agent.metrics.LogHistogram;
import io.cachet.agent.metrics.Tier;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The statistics in the Prometheus text exposition format (version 0.0.4): counters end in
 * {@code _total}, times are in seconds, sizes in bytes, labels {@code cache}, {@code tier},
 * {@code result}, {@code kind}. Histogram buckets are the powers of two of the recorded unit.
 */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);
    private final List<CacheStats> caches = AgentMetrics.all();

    private PrometheusText() {
    }

    static String render() {
        return new PrometheusText().write();
    }

    private String write() {
        counter("cachet_calls_total", "Calls of cached methods by the application", CacheStats::calls);
        header("cachet_lookups_total", "counter", "Lookups by result (hit, by tier, or miss: the method ran to fill the cache)");
        for (CacheStats s : caches) {
            for (Tier t : Tier.values()) {
                sample("cachet_lookups_total", labels(s) + ",result=\"hit\",tier=\"" + lower(t) + "\"", s.hits(t));
            }
            sample("cachet_lookups_total", labels(s) + ",result=\"miss\"", s.misses());
        }
        histogram("cachet_load_seconds", "Time the method took when it ran to fill the cache", 13, 35, 1e-9, CacheStats::loadNanos);
        header("cachet_time_saved_seconds_total", "counter", "Hits times the mean load time");
        for (CacheStats s : caches) {
            sample("cachet_time_saved_seconds_total", labels(s), s.timeSavedSeconds());
        }
        header("cachet_errors_total", "counter", "Faults by kind; each one made a call run uncached");
        for (CacheStats s : caches) {
            for (ErrorKind k : ErrorKind.values()) {
                sample("cachet_errors_total", labels(s) + ",kind=\"" + lower(k) + "\"", s.errors(k));
            }
        }
        counter("cachet_bypasses_total", "Calls that ran without Redis (down, failing, or circuit open)", CacheStats::bypasses);
        counter("cachet_stale_entries_total", "Entries found but recorded before an eviction", CacheStats::staleEntries);
        counter("cachet_stampede_waits_total", "Callers that waited for another's load of the same key", CacheStats::stampedeWaits);
        counter("cachet_lease_timeouts_total", "Callers that gave up waiting for another's load", CacheStats::leaseTimeouts);
        header("cachet_evictions_total", "counter", "Evictions of one entry (key) or a whole cache (all)");
        for (CacheStats s : caches) {
            for (EvictionKind k : EvictionKind.values()) {
                sample("cachet_evictions_total", labels(s) + ",kind=\"" + lower(k) + "\"", s.evictions(k));
            }
        }
        header("cachet_tag_evictions_total", "counter", "Tag evictions (a tag spans caches)");
        sample("cachet_tag_evictions_total", null, AgentMetrics.tagEvictions());
        histogram("cachet_stored_bytes", "Size of the entries written", 4, 24, 1, CacheStats::storedBytes);
        header("cachet_shadow_comparisons_total", "counter", "Shadow and verify-sample comparisons of cached and real results");
        for (CacheStats s : caches) {
            sample("cachet_shadow_comparisons_total", labels(s) + ",result=\"match\"", s.shadowMatches());
            sample("cachet_shadow_comparisons_total", labels(s) + ",result=\"mismatch\"", s.shadowMismatches());
        }
        header("cachet_circuit_open", "gauge", "1 while the Redis circuit is open and calls skip Redis");
        sample("cachet_circuit_open", null, AgentMetrics.circuit().isOpen() ? 1 : 0);
        header("cachet_circuit_opened_total", "counter", "Times the Redis circuit opened");
        sample("cachet_circuit_opened_total", null, AgentMetrics.circuit().timesOpened());
        return out.toString();
    }

    private void counter(String name, String help, ToLongFunction<CacheStats> value) {
        header(name, "counter", help);
        for (CacheStats s : caches) {
            sample(name, labels(s), value.applyAsLong(s));
        }
    }

    /** Cumulative buckets at 2^fromPower .. 2^toPower of the recorded unit, scaled to the exposed one. */
    private void histogram(String name, String help, int fromPower, int toPower, double scale,
                           java.util.function.Function<CacheStats, LogHistogram.Snapshot> of) {
        header(name, "histogram", help);
        for (CacheStats s : caches) {
            LogHistogram.Snapshot h = of.apply(s);
            for (int p = fromPower; p <= toPower; p++) {
                sample(name + "_bucket", labels(s) + ",le=\"" + number((1L << p) * scale) + "\"", h.countBelow(1L << p));
            }
            sample(name + "_bucket", labels(s) + ",le=\"+Inf\"", h.count());
            sample(name + "_sum", labels(s), h.sum() * scale);
            sample(name + "_count", labels(s), h.count());
        }
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private static String labels(CacheStats s) {
        return "cache=\"" + escape(s.cacheName()) + "\"";
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Label values escape backslash, double quote and line feed (the exposition format's rule). */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
