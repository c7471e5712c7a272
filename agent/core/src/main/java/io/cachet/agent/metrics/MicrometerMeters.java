package io.cachet.agent.metrics;

import io.cachet.agent.log.AgentLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cachet's statistics as meters of the application's own Micrometer, in its
 * {@code Metrics.globalRegistry} (which Spring Boot feeds to the registries it configures, so they
 * show on {@code /actuator/metrics} and {@code /actuator/prometheus}). Micrometer's cache
 * conventions first: {@code cache.gets{cache,result=hit|miss,tier}}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.loads{result=success}} (a timer); then Cachet's own under
 * {@code cachet.*}. Every meter is a function of the striped counters {@link CacheStats} already
 * keeps, read at a scrape: nothing is added to a call.
 *
 * <p>Looked for in the class loader of each class whose cached method runs for the first time,
 * and bound once per Micrometer (a {@link ClassValue} of its {@code Metrics} class, so a redeployed
 * application's Micrometer is a new one and nothing pins the old): nothing of Micrometer is loaded
 * for a loader that lacks it.
 */
public final class MicrometerMeters {

    private static final String METRICS = "io.micrometer.core.instrument.Metrics";
    private static final ClassValue<MicrometerMeters> BY_MICROMETER = new ClassValue<>() {
        @Override
        protected MicrometerMeters computeValue(Class<?> metrics) {
            try {
                return new MicrometerMeters(new MicrometerApi(metrics));
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                AgentLog.warnOnce("micrometer", "the application's Micrometer (" + metrics.getProtectionDomain().getCodeSource()
                        + ") is not one Cachet can use (" + e + "); its statistics stay on JMX and cachet.metrics.port");
                return new MicrometerMeters(null);
            }
        }
    };
    private static volatile boolean enabled = true;

    private final MicrometerApi api;
    private final Set<String> bound = ConcurrentHashMap.newKeySet();
    private boolean circuitBound;

    private MicrometerMeters(MicrometerApi api) {
        this.api = api;
    }

    /** {@code cachet.metrics.micrometer}. */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** Registers every cache not yet registered in the Micrometer {@code loader} has, if it has one. */
    public static void bindIn(ClassLoader loader) {
        if (!enabled || loader == null) {
            return;
        }
        Class<?> metrics;
        try {
            metrics = Class.forName(METRICS, false, loader);
        } catch (ClassNotFoundException | LinkageError | SecurityException absent) {
            return;
        }
        BY_MICROMETER.get(metrics).bindAll();
    }

    private synchronized void bindAll() {
        if (api == null) {
            return;
        }
        try {
            if (!circuitBound) {
                bindCircuit();
                circuitBound = true;
            }
            for (CacheStats s : AgentMetrics.all()) {
                if (!bound.contains(s.cacheName())) {
                    bind(s);
                    bound.add(s.cacheName());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            AgentLog.warnOnce("micrometer-bind", "cannot register Cachet's meters in Micrometer's global registry (" + e
                    + "); its statistics stay on JMX and cachet.metrics.port");
        }
    }

    private void bindCircuit() throws ReflectiveOperationException {
        CircuitStats c = AgentMetrics.circuit();
        api.gauge("cachet.circuit.open", null, c, x -> x.isOpen() ? 1 : 0);
        api.counter("cachet.circuit.opened", null, c, x -> x.timesOpened());
        api.counter("cachet.tag.evictions", null, c, x -> AgentMetrics.tagEvictions());
    }

    private void bind(CacheStats s) throws ReflectiveOperationException {
        String cache = s.cacheName();
        api.counter("cache.gets", null, s, x -> x.hits(Tier.L1), "cache", cache, "result", "hit", "tier", "l1");
        api.counter("cache.gets", null, s, x -> x.hits(Tier.L2), "cache", cache, "result", "hit", "tier", "l2");
        api.counter("cache.gets", null, s, x -> x.misses(), "cache", cache, "result", "miss", "tier", "none");
        api.counter("cache.puts", null, s, x -> x.storedBytes().count(), "cache", cache);
        api.counter("cache.evictions", null, s, x -> x.evictions(EvictionKind.KEY) + x.evictions(EvictionKind.ALL), "cache", cache);
        api.timer("cache.loads", s, x -> x.loadNanos().count(), x -> x.loadNanos().sum(), "cache", cache, "result", "success");
        api.gauge("cachet.load.p99", "seconds", s, x -> x.loadNanos().quantile(0.99) / 1e9, "cache", cache);
        api.counter("cachet.calls", null, s, x -> x.calls(), "cache", cache);
        api.counter("cachet.stale.entries", null, s, x -> x.staleEntries(), "cache", cache);
        api.counter("cachet.bypasses", null, s, x -> x.bypasses(), "cache", cache);
        api.counter("cachet.stampede.waits", null, s, x -> x.stampedeWaits(), "cache", cache);
        api.counter("cachet.lease.timeouts", null, s, x -> x.leaseTimeouts(), "cache", cache);
        api.gauge("cachet.time.saved", "seconds", s, x -> x.timeSavedSeconds(), "cache", cache);
        for (ErrorKind kind : ErrorKind.values()) {
            api.counter("cachet.errors", null, s, x -> x.errors(kind), "cache", cache, "kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
