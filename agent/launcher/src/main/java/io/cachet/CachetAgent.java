package io.cachet;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.util.jar.JarFile;

/**
 * Entry point named by the agent jar's manifest ({@code Premain-Class}, {@code Agent-Class}).
 *
 * <p>This class and its neighbours in {@code io.cachet} are loaded by the system class loader
 * (the agent jar is on the class path). They must not name any {@code io.cachet.bootstrap}
 * class: those have to be defined by the bootstrap loader first (see
 * {@link BootstrapInjector}), and an early reference would load a second, incompatible copy
 * through the system loader. Nothing here may throw into the JVM, except the refusal that
 * {@code cachet.fail-fast=true} asks for.
 */
public final class CachetAgent {

    /** Message prefix of a start-up refused under {@code cachet.fail-fast=true}. */
    private static final String FAIL_FAST = "cachet.fail-fast=true";
    private static final String BRIDGE = "io.cachet.bootstrap.CacheHandlerHolder";
    private static final String DETACH = "cachet.detach";
    /** The system property through which an attached agent tells the attaching CLI what it did. */
    static final String REPORT = "cachet.attach.report";

    private CachetAgent() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, false);
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        try {
            Class<?> bridge = Class.forName(BRIDGE, true, null);
            if (DETACH.equals(agentArgs)) {
                boolean detached = (Boolean) bridge.getMethod("detach").invoke(null);
                System.setProperty(REPORT, detached ? "Cachet detached: original classes restored" : "Cachet was not active here");
                return;
            }
            if ((Boolean) bridge.getMethod("active").invoke(null)) {
                System.setProperty(REPORT, "Cachet is already active in this JVM; nothing changed (detach first to reconfigure)");
                return;
            }
        } catch (ClassNotFoundException neverStarted) {
            if (DETACH.equals(agentArgs)) {
                System.setProperty(REPORT, "Cachet was not active here");
                return;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.setProperty(REPORT, "Cachet could not check its state here: " + e);
            return;
        }
        start(agentArgs, inst, true);
    }

    /**
     * The command line: {@code attach} and {@code detach} here, the other commands ({@code stats},
     * {@code evict}, {@code inspect}, {@code --help}) in the agent core, which has the libraries
     * they need.
     */
    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("attach") || args[0].equals("detach"))) {
            attachOrDetach(args);
            return;
        }
        try {
            System.exit(AgentStarter.runCommand(agentJar(), args));
        } catch (Exception | LinkageError e) {
            System.err.println("cachet: the command could not start: " + e);
            System.exit(1);
        }
    }

    /**
     * {@code attach <pid> [key=value,...]} loads the agent into a running JVM; {@code detach <pid>}
     * restores it. Prints what the target JVM reported.
     */
    private static void attachOrDetach(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java -jar cachet-agent.jar attach <pid> [config=/path/cachet.properties,key=value,...]");
            System.err.println("       java -jar cachet-agent.jar detach <pid>");
            System.exit(2);
        }
        boolean detach = args[0].equals("detach");
        try {
            VirtualMachine vm = VirtualMachine.attach(args[1]);
            try {
                vm.loadAgent(agentJar().getAbsolutePath(), detach ? DETACH : (args.length > 2 ? args[2] : ""));
                String report = vm.getSystemProperties().getProperty(REPORT);
                System.out.println(report == null ? "attached; the target JVM reported nothing (see its standard error)" : report);
            } finally {
                vm.detach();
            }
        } catch (Exception e) {
            System.err.println("cachet: cannot " + args[0] + " to JVM " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static void start(String agentArgs, Instrumentation inst, boolean attached) {
        try {
            File file = agentJar();
            // Opened once: reading the central directory of a jar of several thousand entries is not free.
            JarFile jar = new JarFile(file, false);
            BootstrapInjector.inject(inst, jar);
            AgentStarter.start(inst, agentArgs, jar, file, attached);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause != null && String.valueOf(cause.getMessage()).startsWith(FAIL_FAST)) {
                // The operator asked for this: a JVM with a broken cache configuration must not start.
                System.err.println("[cachet] ERROR " + cause.getMessage());
                throw new IllegalStateException(cause.getMessage());
            }
            System.err.println("[cachet] ERROR the agent could not start; the application runs without caching: " + cause);
        } catch (Throwable t) {
            System.err.println("[cachet] ERROR the agent could not start; the application runs without caching: " + t);
        }
    }

    private static File agentJar() throws URISyntaxException {
        return new File(CachetAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
