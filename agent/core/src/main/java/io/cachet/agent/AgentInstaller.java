package io.cachet.agent;

import io.cachet.agent.admin.Exporters;
import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.CachingHandler;
import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.cache.Invalidator;
import io.cachet.agent.cache.MethodRegistry;
import io.cachet.agent.cache.MethodRuntime;
import io.cachet.agent.cache.OperatorEvictions;
import io.cachet.agent.cache.PendingInvalidations;
import io.cachet.agent.codec.CodecWarmUp;
import io.cachet.agent.codec.SerializationInstantiators;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.ConfigProblems;
import io.cachet.agent.config.ConfigSources;
import io.cachet.agent.config.ConfigWatcher;
import io.cachet.agent.config.Settings;
import io.cachet.agent.instrument.Instrumenter;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.MicrometerMeters;
import io.cachet.agent.near.NearCache;
import io.cachet.agent.near.TieredStore;
import io.cachet.agent.runtime.AgentThreads;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.InvalidationListener;
import io.cachet.agent.store.LocalStore;
import io.cachet.agent.store.RedisStore;
import io.cachet.agent.tracing.CacheSpans;
import io.cachet.agent.tracing.ChildSpans;
import io.cachet.agent.tx.ApplicationTransactions;
import io.cachet.agent.tx.Repeats;
import io.cachet.bootstrap.CacheHandlerHolder;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the agent core inside the isolated loader. In {@code premain}: the configuration and
 * the transformer's byte-level pre-filter, nothing more; the store, the handler and Byte Buddy's
 * transformer are built on agent threads once it returns (at once on {@code attach}). Never
 * waits for Redis: the store connects in the background, and a call that needs Redis meanwhile
 * waits for it at most {@code cachet.redis.startup-wait}.
 */
public final class AgentInstaller {

    /** Prefix of the message that makes {@code io.cachet.CachetAgent} refuse to start the JVM. */
    static final String REFUSAL = "cachet.fail-fast=true";

    private AgentInstaller() {
    }

    public static void install(Instrumentation inst, String agentArgs, boolean attached) {
        // Our relocated libraries read their switches under relocated names, so these affect
        // only our copies. Both keep them off sun.misc.Unsafe, whose use prints warnings into
        // the application's output on JDK 24+ (JEP 498), and which we do not need.
        System.setProperty("io.cachet.shaded.net.bytebuddy.safe", "true");
        System.setProperty("io.cachet.shaded.io.netty.noUnsafe", "true");
        System.setProperty("io.cachet.shaded.kryo.unsafe", "false");
        // Netty 4.2 emits JFR events from its buffer allocators whenever JFR is available: that
        // initialises the JDK's Flight Recorder support and generates an event handler class at
        // the first allocation, on the connector's way to the first hit: 130 classes, and about
        // 90 ms of the start-up benchmark's first call served from the cache. They would
        // describe our connections' buffers, never the application's: nobody loses them.
        System.setProperty("io.cachet.shaded.io.netty.jfr.enabled", "false");
        SerializationInstantiators.prepare(inst);
        ConfigProblems problems = new ConfigProblems();
        CachetConfig config = readConfig(agentArgs, problems);
        AgentLog.setThreshold(config.get(Settings.LOG_LEVEL));
        AgentLog.useTarget(config.get(Settings.LOG_TARGET));
        MicrometerMeters.enable(config.get(Settings.METRICS_MICROMETER));
        CacheSpans.enable(config.get(Settings.TRACING_ENABLED));
        ChildSpans.enable(config.get(Settings.TRACING_ENABLED) && config.get(Settings.TRACING_SPANS));
        if (config.get(Settings.FAIL_FAST) && config.redisUnusable() == null) {
            String redis = RedisStore.configProblem(config);
            if (redis != null) {
                problems.add(redis);
            }
        }
        if (!problems.isEmpty()) {
            if (config.get(Settings.FAIL_FAST)) {
                throw new IllegalStateException(REFUSAL + ": refusing to start because of "
                        + problems.all().size() + " configuration problem(s): " + String.join("; ", problems.all()));
            }
            problems.logAll();
        }
        if (!config.get(Settings.ENABLED)) {
            AgentLog.info("Cachet " + versionOf() + " is disabled (cachet.enabled=false); nothing is instrumented");
            return;
        }
        if (config.redisUnusable() != null) {
            // Local mode would be an in-process cache that other JVMs' evictions never reach:
            // stale data across the fleet from one typo. Uncached is always correct.
            AgentLog.error("Cachet " + versionOf() + " caches nothing: Redis is asked for but cannot be used ("
                    + config.redisUnusable() + "); every call runs uncached until the configuration is fixed and the JVM restarted");
            return;
        }
        EntryKeys keys = new EntryKeys(config.get(Settings.KEY_PREFIX));
        Caches caches = new Caches();
        MethodRegistry<InvalidatingMethod> invalidating = new MethodRegistry<>();
        Instrumenter.Installation[] installation = new Instrumenter.Installation[1];
        Runnable watch = () -> {
            if (config.watchedFile() != null) {
                ConfigWatcher.watch(config.watchedFile(), () -> reload(inst, agentArgs, config, keys, caches, invalidating, installation));
            }
        };
        if (attached) {
            // The application is running: everything at once, and the attaching CLI reads the outcome.
            String tiers = startRuntime(config, keys, caches, invalidating, installation);
            installation[0] = Instrumenter.install(inst, config, keys, caches, invalidating, CompletableFuture.completedFuture(null), true);
            watch.run();
            String started = started(config, tiers, caches.size() + invalidating.size(), " (" + installation[0].retransformed()
                    + " loaded classes retransformed)");
            System.setProperty("cachet.attach.report", started + System.lineSeparator() + "caching: "
                    + String.join(", ", caches.displayNames()));
            return;
        }
        // Only the pre-filter goes in before premain returns. The store, the handler behind the
        // bridge and Byte Buddy's transformer are built on agent threads of their own, side by
        // side: none of it is needed before a class with a cached method loads, and such a class
        // waits for both (its code calls the handler). Built here, they held every application's
        // main back: a main that only prints took 266 ms with them in premain, 193 ms without
        // (whole process, medians of 20 paired runs, 2 cores, 2026-12-03).
        CompletableFuture<Void> runtime = new CompletableFuture<>();
        new AgentThreads("cachet-start").newThread(() -> {
            try {
                String tiers = startRuntime(config, keys, caches, invalidating, installation);
                started(config, tiers, 0, "");
                runtime.complete(null);
                watch.run();
            } catch (Throwable t) {
                AgentLog.error("Cachet could not start; the application runs without caching: " + t);
                runtime.completeExceptionally(t);
            }
        }).start();
        installation[0] = Instrumenter.install(inst, config, keys, caches, invalidating, runtime, false);
    }

    /**
     * The store and the handler behind the bridge, and the exporters of their statistics.
     *
     * @return the tiers, described for the log line
     */
    private static String startRuntime(CachetConfig config, EntryKeys keys, Caches caches, MethodRegistry<InvalidatingMethod> invalidating,
                                       Instrumenter.Installation[] installation) {
        // Local mode needs no near cache: its store already is in process.
        NearCache near = config.redisConfigured() && config.get(Settings.NEAR_ENABLED)
                ? new NearCache(config.get(Settings.NEAR_MAX_ENTRIES), config.get(Settings.NEAR_TTL)) : null;
        CacheStore store;
        if (config.redisConfigured()) {
            // Loading the codec's classes once connected keeps them off the first call's path.
            store = RedisStore.connectInBackground(config, keys.invalidationChannel(),
                    near == null ? InvalidationListener.NONE : near, CodecWarmUp::run);
        } else {
            store = new LocalStore(config.get(Settings.NEAR_MAX_ENTRIES), config.get(Settings.RETENTION));
            new AgentThreads("cachet-warm-up").newThread(CodecWarmUp::run).start();
        }
        TieredStore tiers = new TieredStore(store, near);
        PendingInvalidations pending = new PendingInvalidations(tiers, caches);
        MethodRuntime.Factory runtimes = new MethodRuntime.Factory(config.get(Settings.ALLOWED_PACKAGES), config.get(Settings.COMPRESS_ABOVE),
                config.get(Settings.REACTIVE_MAX_ELEMENTS), config.get(Settings.MAX_ENTRY_BYTES));
        CachingHandler caching = new CachingHandler(caches, tiers, pending, runtimes,
                config.get(Settings.LEASE_DURATION).toMillis(), config.get(Settings.LEASE_WAIT).toMillis());
        Repeats repeats = new Repeats(new ApplicationTransactions(), config.get(Settings.REPEAT_AFTER));
        Invalidator invalidator = new Invalidator(invalidating, caches, keys, tiers, pending, runtimes, repeats);
        Exporters exporters = Exporters.start(config, caches, new OperatorEvictions(keys, tiers));
        CacheHandlerHolder.install(caching, invalidator, () -> {
            int restored = installation[0] == null ? 0 : installation[0].uninstall();
            exporters.close();
            caching.close();
            repeats.close();
            pending.close();
            tiers.close();
            AgentLog.info("Cachet detached: " + restored + " classes restored");
        });
        return tiers.describe();
    }

    /** Logs the line that says the agent runs, and returns it; {@code retransformed} says what an attach changed. */
    private static String started(CachetConfig config, String tiers, int instrumented, String retransformed) {
        String started = "Cachet " + versionOf() + " started: " + tiers + "; " + whatIsCached(config, instrumented) + retransformed
                + "; statistics: " + whereStatisticsGo(config);
        AgentLog.info(started);
        return started;
    }

    /** What will be cached: at premain nothing is instrumented yet, so say what will be as classes load. */
    private static String whatIsCached(CachetConfig config, int instrumented) {
        int rules = config.rules().size();
        return "@Cached methods" + (rules == 0 ? "" : " and " + rules + (rules == 1 ? " rule" : " rules"))
                + " are instrumented as their classes load" + (instrumented == 0 ? "" : " (" + instrumented + " methods already)");
    }

    private static String whereStatisticsGo(CachetConfig config) {
        StringBuilder out = new StringBuilder();
        if (config.get(Settings.METRICS_JMX)) {
            out.append("JMX io.cachet:*, ");
        }
        if (config.get(Settings.METRICS_PORT) != null) {
            out.append("http port ").append(config.get(Settings.METRICS_PORT)).append(", ");
        }
        if (config.get(Settings.METRICS_MICROMETER)) {
            out.append("Micrometer's global registry if the application has Micrometer, ");
        }
        return out.length() == 0 ? "not published" : out.substring(0, out.length() - 2);
    }

    private static CachetConfig readConfig(String agentArgs, ConfigProblems problems) {
        Map<String, String> sysProps = new HashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        return CachetConfig.from(ConfigSources.merge(agentArgs, sysProps, System.getenv(), problems), problems);
    }

    /**
     * Applies a changed properties file: rules, TTLs, tags and {@code cachet.enabled} take effect
     * by retransforming the affected classes; settings read once at start (Redis, key prefix,
     * codec) are reported as needing a restart.
     */
    private static synchronized void reload(Instrumentation inst, String agentArgs, CachetConfig started, EntryKeys keys,
                                            Caches caches, MethodRegistry<InvalidatingMethod> invalidating,
                                            Instrumenter.Installation[] installation) {
        ConfigProblems problems = new ConfigProblems();
        CachetConfig next = readConfig(agentArgs, problems);
        problems.logAll();
        AgentLog.setThreshold(next.get(Settings.LOG_LEVEL));
        if (!Objects.equals(next.get(Settings.REDIS_ADDRESS), started.get(Settings.REDIS_ADDRESS))
                || !Objects.equals(next.get(Settings.REDIS_CONFIG), started.get(Settings.REDIS_CONFIG))
                || !next.get(Settings.KEY_PREFIX).equals(started.get(Settings.KEY_PREFIX))) {
            AgentLog.warn("config: Redis and key prefix settings apply at the next start; the rest is reloaded now");
        }
        if (!next.get(Settings.ENABLED)) {
            if (installation[0] != null) {
                int restored = installation[0].uninstall();
                installation[0] = null;
                AgentLog.info("configuration reloaded: cachet.enabled=false, " + restored + " classes restored");
            }
            return;
        }
        installation[0] = Instrumenter.reinstall(inst, installation[0], next, keys, caches, invalidating);
        AgentLog.info("configuration reloaded: " + next.rules().size() + " rules");
    }

    private static String versionOf() {
        String v = AgentInstaller.class.getPackage().getImplementationVersion();
        return v == null ? "(dev)" : v;
    }
}
