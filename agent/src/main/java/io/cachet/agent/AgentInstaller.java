package io.cachet.agent;

import io.cachet.agent.admin.Exporters;
import io.cachet.agent.cache.CachingHandler;
import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.cache.Invalidator;
import io.cachet.agent.cache.MethodRegistry;
import io.cachet.agent.cache.MethodRuntime;
import io.cachet.agent.cache.OperatorEvictions;
import io.cachet.agent.cache.PendingInvalidations;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.ConfigProblems;
import io.cachet.agent.config.ConfigSources;
import io.cachet.agent.config.ConfigWatcher;
import io.cachet.agent.instrument.Instrumenter;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.near.NearCache;
import io.cachet.agent.store.CacheStore;
import io.cachet.agent.store.InvalidationListener;
import io.cachet.agent.store.LocalStore;
import io.cachet.agent.store.RedisStore;
import io.cachet.bootstrap.CacheHandlerHolder;
import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the agent core inside the isolated loader: configuration, store, handler, transformer.
 * Never waits for Redis: the store connects in the background and calls run uncached until it
 * answers.
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
        ConfigProblems problems = new ConfigProblems();
        CachetConfig config = readConfig(agentArgs, problems);
        AgentLog.setThreshold(config.logLevel());
        if (!problems.isEmpty()) {
            if (config.failFast()) {
                throw new IllegalStateException(REFUSAL + ": refusing to start because of "
                        + problems.all().size() + " configuration problem(s): " + String.join("; ", problems.all()));
            }
            problems.logAll();
        }
        if (!config.enabled()) {
            AgentLog.info("Cachet " + versionOf() + " is disabled (cachet.enabled=false); nothing is instrumented");
            return;
        }
        EntryKeys keys = new EntryKeys(config.keyPrefix());
        // Local mode needs no near cache: its store already is in process.
        NearCache near = config.redisConfigured() && config.nearEnabled()
                ? new NearCache(config.nearMaxEntries(), config.nearTtl()) : null;
        InvalidationListener nearListener = near == null ? InvalidationListener.NONE : near;
        CacheStore store = config.redisConfigured()
                ? RedisStore.connectInBackground(config, keys.invalidationChannel(), nearListener)
                : new LocalStore(config.nearMaxEntries(), config.retention());
        Caches caches = new Caches();
        MethodRegistry<InvalidatingMethod> invalidating = new MethodRegistry<>();
        long retention = config.retention().toMillis();
        PendingInvalidations pending = new PendingInvalidations(store, caches, retention);
        MethodRuntime.Factory runtimes = new MethodRuntime.Factory(config.allowedPackages(), config.compressAbove());
        CachingHandler caching = new CachingHandler(caches, store, pending, runtimes,
                config.leaseDuration().toMillis(), config.leaseWait().toMillis(), near);
        Invalidator invalidator = new Invalidator(invalidating, caches, keys, store, pending, runtimes, retention, nearListener);
        Instrumenter.Installation[] installation = new Instrumenter.Installation[1];
        Exporters exporters = Exporters.start(config, caches, new OperatorEvictions(keys, store, retention));
        CacheHandlerHolder.install(caching, invalidator, () -> {
            int restored = installation[0] == null ? 0 : installation[0].uninstall();
            exporters.close();
            caching.close();
            pending.close();
            store.close();
            AgentLog.info("Cachet detached: " + restored + " classes restored");
        });
        installation[0] = Instrumenter.install(inst, config, keys, caches, invalidating, attached);
        if (config.watchedFile() != null) {
            ConfigWatcher.watch(config.watchedFile(), () -> reload(inst, agentArgs, config, keys, caches, invalidating, installation));
        }
        int retransformed = installation[0].retransformed();
        String started = "Cachet " + versionOf() + " started: " + store.describe() + ", "
                + (near == null ? "" : near.describe() + ", ")
                + (caches.size() + invalidating.size()) + " methods instrumented so far"
                + (attached ? " (" + retransformed + " loaded classes retransformed)" : "");
        AgentLog.info(started);
        if (attached) {
            // The attaching CLI reads this back through the attach API and prints it.
            System.setProperty("cachet.attach.report", started + System.lineSeparator() + "caching: "
                    + String.join(", ", caches.displayNames()));
        }
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
        AgentLog.setThreshold(next.logLevel());
        if (!java.util.Objects.equals(next.redisAddress(), started.redisAddress())
                || !java.util.Objects.equals(next.redisConfigFile(), started.redisConfigFile())
                || !next.keyPrefix().equals(started.keyPrefix())) {
            AgentLog.warn("config: Redis and key prefix settings apply at the next start; the rest is reloaded now");
        }
        if (!next.enabled()) {
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
