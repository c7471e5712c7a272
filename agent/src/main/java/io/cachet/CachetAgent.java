package io.cachet;

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

    private CachetAgent() {
    }

    public static void premain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, false);
    }

    public static void agentmain(String agentArgs, Instrumentation inst) {
        start(agentArgs, inst, true);
    }

    private static void start(String agentArgs, Instrumentation inst, boolean attached) {
        try {
            File jar = agentJar();
            BootstrapInjector.inject(inst, new JarFile(jar, false));
            AgentStarter.start(inst, agentArgs, jar, attached);
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
