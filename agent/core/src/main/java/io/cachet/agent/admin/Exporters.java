package io.cachet.agent.admin;

import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.OperatorEvictions;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;

/**
 * Starts what shows the statistics (JMX beans; with {@code cachet.metrics.port}, the HTTP
 * endpoint and status page) on one daemon thread, {@link #DELAY_MILLIS} after start-up.
 *
 * <p>Why later and not in {@code premain}: the first touch of the platform MBean server
 * initialises JMX and {@code java.util.logging}; done before the application's {@code main},
 * that happens before it sets {@code java.util.logging.manager} or its own MBean server
 * builder, which are then ignored (the OpenTelemetry and Elastic agents delay JMX for this reason; JBoss LogManager's
 * "The LogManager was not properly installed" is the classic symptom).
 */
public final class Exporters {

    static final long DELAY_MILLIS = 2_000;

    private final Thread thread;
    private volatile AdminHttpServer http;
    private volatile JmxExporter jmx;

    private Exporters(CachetConfig config, Caches caches, OperatorEvictions evictions) {
        thread = new AgentThreads("cachet-exporters").newThread(() -> run(config, caches, evictions));
    }

    public static Exporters start(CachetConfig config, Caches caches, OperatorEvictions evictions) {
        Exporters e = new Exporters(config, caches, evictions);
        e.thread.start();
        return e;
    }

    private void run(CachetConfig config, Caches caches, OperatorEvictions evictions) {
        try {
            TimeUnit.MILLISECONDS.sleep(DELAY_MILLIS);
            if (config.get(Settings.METRICS_PORT) != null) {
                startHttp(config, caches, evictions);
            }
            if (config.get(Settings.METRICS_JMX)) {
                jmx = new JmxExporter(ManagementFactory.getPlatformMBeanServer());
                jmx.publish();
            }
        } catch (InterruptedException detached) {
            // the agent is being detached
        } catch (JMException | RuntimeException | LinkageError e) {
            AgentLog.warn("cannot publish cache statistics over JMX (" + e + "); caching is unaffected");
        }
    }

    private void startHttp(CachetConfig config, Caches caches, OperatorEvictions evictions) {
        try {
            http = AdminHttpServer.start(config.get(Settings.METRICS_BIND), config.get(Settings.METRICS_PORT), caches, evictions,
                    config.get(Settings.ADMIN_ENABLED));
            AgentLog.info("metrics on http://" + config.get(Settings.METRICS_BIND) + ":" + http.port() + "/metrics, status page on /"
                    + (config.get(Settings.ADMIN_ENABLED) ? " (evicting allowed: cachet.admin.enabled=true)" : ""));
        } catch (IOException | RuntimeException e) {
            AgentLog.warn("cannot serve metrics on " + config.get(Settings.METRICS_BIND) + ":" + config.get(Settings.METRICS_PORT)
                    + " (" + e + "); caching is unaffected");
        }
    }

    /** Stops serving and unregisters the beans; the agent is being detached. */
    public void close() {
        thread.interrupt();
        AdminHttpServer h = http;
        if (h != null) {
            h.close();
        }
        JmxExporter j = jmx;
        if (j != null) {
            j.unregisterAll();
        }
    }
}
