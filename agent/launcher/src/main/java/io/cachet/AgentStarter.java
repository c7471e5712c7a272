package io.cachet;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * Creates the isolated agent class loader and hands control to the agent core inside it. The
 * core's loader has the platform loader as parent, so it sees the JDK and the bridge classes in
 * the bootstrap loader, exactly as instrumented application code does, and nothing else.
 */
final class AgentStarter {

    private static final String INSTALLER = "io.cachet.agent.AgentInstaller";
    private static final String COMMAND_LINE = "io.cachet.agent.cli.CommandLine";

    private AgentStarter() {
    }

    static void start(Instrumentation inst, String agentArgs, JarFile jar, File agentJar, boolean attached) throws Exception {
        AgentClassLoader loader = AgentClassLoader.create(jar, agentJar);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Libraries inside the core (Redisson, Netty) look up services through the context
        // loader while they initialise; they must find their own relocated copies, never the
        // application's.
        thread.setContextClassLoader(loader);
        try {
            Class.forName(INSTALLER, true, loader)
                    .getMethod("install", Instrumentation.class, String.class, boolean.class)
                    .invoke(null, inst, agentArgs, attached);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Runs an operator command ({@code stats}, {@code evict}, {@code inspect}) in the agent core; returns its exit status. */
    static int runCommand(File agentJar, String[] args) throws Exception {
        AgentClassLoader loader = AgentClassLoader.createForCommandLine(agentJar);
        Thread.currentThread().setContextClassLoader(loader);
        return (Integer) Class.forName(COMMAND_LINE, true, loader)
                .getMethod("run", String[].class, java.io.PrintStream.class, java.io.PrintStream.class)
                .invoke(null, args, System.out, System.err);
    }
}
