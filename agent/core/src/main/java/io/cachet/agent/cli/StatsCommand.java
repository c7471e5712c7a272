package io.cachet.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code stats <pid>}: the per-cache table of a running JVM, read from its
 * {@code io.cachet:type=Cache} beans through the local management agent the attach API starts
 * (loopback only, nothing to configure in the target).
 */
final class StatsCommand implements CommandLine.Command {

    private static final String ROW = "%-36s %9s %9s %9s %9s %7s %11s %10s %10s %7s %7s%n";

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        options.allowOnly(1);
        if (options.positional().size() != 1) {
            throw new CommandLine.BadArguments("give the pid of a running JVM");
        }
        String pid = options.positional().get(0);
        if (!pid.matches("[0-9]+")) {
            throw new CommandLine.BadArguments(pid + " is not a pid");
        }
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(pid);
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            throw new CommandLine.Failure("cannot attach to JVM " + pid + " (" + Failures.oneLine(e) + ")");
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            print(connector.getMBeanServerConnection(), pid, out);
        }
    }

    private static void print(MBeanServerConnection jmx, String pid, PrintStream out) throws Exception {
        ObjectName summary = new ObjectName("io.cachet:type=Summary");
        if (!jmx.isRegistered(summary)) {
            throw new CommandLine.Failure("JVM " + pid + " publishes no Cachet statistics (no agent, cachet.metrics.jmx=false,"
                    + " or started less than 2 s ago)");
        }
        Set<ObjectName> caches = new TreeSet<>(jmx.queryNames(new ObjectName("io.cachet:type=Cache,*"), null));
        out.printf(ROW, "cache", "calls", "L1 hits", "L2 hits", "misses", "hit%", "saved s", "p50 ms", "p99 ms", "errors", "stale");
        for (ObjectName name : caches) {
            long errors = (Long) jmx.getAttribute(name, "RedisErrors") + (Long) jmx.getAttribute(name, "CodecErrors")
                    + (Long) jmx.getAttribute(name, "TemplateErrors");
            out.printf(ROW, jmx.getAttribute(name, "CacheName"), jmx.getAttribute(name, "Calls"),
                    jmx.getAttribute(name, "HitsL1"), jmx.getAttribute(name, "HitsL2"), jmx.getAttribute(name, "Misses"),
                    String.format(Locale.ROOT, "%.1f", 100 * (Double) jmx.getAttribute(name, "HitRatio")),
                    String.format(Locale.ROOT, "%.3f", (Double) jmx.getAttribute(name, "TimeSavedSeconds")),
                    String.format(Locale.ROOT, "%.3f", (Double) jmx.getAttribute(name, "LoadTimeP50Millis")),
                    String.format(Locale.ROOT, "%.3f", (Double) jmx.getAttribute(name, "LoadTimeP99Millis")),
                    errors, jmx.getAttribute(name, "StaleEntries"));
        }
        out.println("circuit " + (((Boolean) jmx.getAttribute(summary, "CircuitOpen")) ? "OPEN" : "closed")
                + ", tag evictions " + jmx.getAttribute(summary, "TagEvictions")
                + ", shadow mismatches " + jmx.getAttribute(summary, "ShadowMismatches"));
    }
}
