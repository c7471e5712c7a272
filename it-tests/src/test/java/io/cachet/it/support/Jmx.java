package io.cachet.it.support;

import com.sun.tools.attach.VirtualMachine;
import java.time.Duration;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.awaitility.Awaitility;

/** The MBeans of a forked JVM, through the local management agent the attach API starts in it. */
public final class Jmx implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private Jmx(JMXConnector connector) throws java.io.IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    public static Jmx connect(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            return new Jmx(JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent())));
        } finally {
            vm.detach();
        }
    }

    public static ObjectName cache(String name) throws Exception {
        return new ObjectName("io.cachet:type=Cache,name=" + ObjectName.quote(name));
    }

    /** Waits for the agent to publish the cache's bean (it does so on a background thread). */
    public Jmx awaitCache(String name) throws Exception {
        ObjectName bean = cache(name);
        Awaitility.await("MBean " + bean).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.isRegistered(bean));
        return this;
    }

    public Object attribute(String cache, String attribute) throws Exception {
        return server.getAttribute(cache(cache), attribute);
    }

    public long counter(String cache, String attribute) throws Exception {
        return (Long) attribute(cache, attribute);
    }

    public Object summary(String attribute) throws Exception {
        return server.getAttribute(new ObjectName("io.cachet:type=Summary"), attribute);
    }

    @Override
    public void close() throws Exception {
        connector.close();
    }
}
