package io.cachet.agent.admin;

import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Publishes {@code io.cachet:type=Summary} and one {@code io.cachet:type=Cache,name=<cache>} per
 * cache, as caches appear, on the thread that calls {@link #publish()}.
 */
final class JmxExporter {

    static final String DOMAIN = "io.cachet";

    private final MBeanServer server;
    private final Map<ObjectName, Boolean> registered = new ConcurrentHashMap<>();

    JmxExporter(MBeanServer server) {
        this.server = server;
    }

    static ObjectName cacheName(String cacheName) throws JMException {
        return new ObjectName(DOMAIN + ":type=Cache,name=" + ObjectName.quote(cacheName));
    }

    /** Registers the summary, then every cache as it is created; returns only when interrupted. */
    void publish() throws JMException, InterruptedException {
        register(new ObjectName(DOMAIN + ":type=Summary"), new SummaryBean());
        while (true) {
            CacheStats created = AgentMetrics.nextCreated();
            register(cacheName(created.cacheName()), new CacheBean(created));
        }
    }

    private void register(ObjectName name, Object bean) throws JMException {
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException leftByDetachedAgent) {
            // A detached and re-attached agent: its predecessor's beans read a dead registry.
            server.unregisterMBean(name);
            server.registerMBean(bean, name);
        }
        registered.put(name, Boolean.TRUE);
    }

    /** Removes what was registered; the agent is being detached. */
    void unregisterAll() {
        for (ObjectName name : List.copyOf(registered.keySet())) {
            try {
                server.unregisterMBean(name);
            } catch (JMException gone) {
                // already unregistered
            }
        }
    }
}
