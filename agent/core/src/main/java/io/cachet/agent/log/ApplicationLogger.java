package io.cachet.agent.log;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The application's own logger named {@code cachet}, found in one of its class loaders once the
 * application has configured its logging: SLF4J, Log4j 2 (whether the application reaches it
 * through SLF4J or not), else {@code java.util.logging}. Called reflectively: the agent has none
 * of these on its class path, and nothing of them is loaded for a loader that lacks them.
 *
 * <p>"Configured" is decided without configuring anything: SLF4J must report its initialisation
 * done (a read of {@code LoggerFactory.INITIALIZATION_STATE}, which its class initialiser does not
 * change), and under Spring Boot, Boot's logging system must have marked the framework's context
 * as set up (Logback: {@code LoggerContext.getObject(LoggingSystem)}; Log4j 2: the context's
 * external context), because SLF4J's first initialisation uses the framework's defaults, which Boot
 * then replaces with the application's configuration.
 */
final class ApplicationLogger {

    static final String NAME = "cachet";
    /**
     * The application's SLF4J package, built at run time on purpose (like {@code ReactorNames}):
     * the agent jar relocates its own SLF4J (Redisson's), and the relocation rewrites string
     * constants that look like {@code org.slf4j} class names too. As literals these named the
     * agent's private copy, the application's SLF4J was never found, and lines went through
     * {@code java.util.logging}, which Boot's bridge hid once it had configured logging
     * (LogTargetIT showed it with a cached call before {@code SpringApplication.run}).
     */
    private static final String SLF4J = String.join(".", "org", String.join("", "sl", "f4j"));
    private static final String SLF4J_FACTORY = SLF4J + ".LoggerFactory";
    private static final String SLF4J_LOGGER = SLF4J + ".Logger";
    private static final String BOOT_LOGGING = "org.springframework.boot.logging.LoggingSystem";
    private static final String LOG4J_PACKAGE = "org.apache.logging.";
    private static final String LOG4J_MANAGER = "org.apache.logging.log4j.LogManager";
    private static final String LOG4J_LOGGER = "org.apache.logging.log4j.Logger";
    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";
    /** {@code LoggerFactory.SUCCESSFUL_INITIALIZATION}, the same in SLF4J 1.7 and 2.x. */
    private static final int SLF4J_INITIALISED = 3;
    /** {@code LoggerFactory.NOP_FALLBACK_INITIALIZATION}: SLF4J without a framework. */
    private static final int SLF4J_NO_PROVIDER = 4;

    /** A framework's logging calls: {@code debug, info, warn, error}, each taking one string. */
    private final Object logger;
    private final Method[] byLevel;
    final String framework;

    private ApplicationLogger(Object logger, Method[] byLevel, String framework) {
        this.logger = logger;
        this.byLevel = byLevel;
        this.framework = framework;
    }

    /** The application's logger in {@code loader} if its logging is configured, else {@code null}. */
    static ApplicationLogger configuredIn(ClassLoader loader) {
        Class<?> factory = find(SLF4J_FACTORY, loader);
        try {
            int state = factory == null ? SLF4J_NO_PROVIDER : slf4jState(factory);
            if (state == SLF4J_NO_PROVIDER) {
                return find(LOG4J_MANAGER, loader) != null ? log4j(loader) : jul();
            }
            if (state != SLF4J_INITIALISED) {
                return null;
            }
            Object frameworkFactory = factory.getMethod("getILoggerFactory").invoke(null);
            String framework = frameworkFactory.getClass().getName();
            if (framework.startsWith(LOG4J_PACKAGE)) {
                // Log4j's SLF4J binding picks a context by the caller's loader, which would be
                // ours: a context of its own, at its default level, that logs nothing we send.
                return log4j(loader);
            }
            if (find(BOOT_LOGGING, loader) != null && framework.equals(LOGBACK_CONTEXT)
                    && frameworkFactory.getClass().getMethod("getObject", String.class).invoke(frameworkFactory, BOOT_LOGGING) == null) {
                return null;
            }
            Class<?> type = find(SLF4J_LOGGER, loader);
            Object logger = factory.getMethod("getLogger", String.class).invoke(null, NAME);
            return new ApplicationLogger(logger, methods(type, "debug", "info", "warn", "error"), "SLF4J (" + framework + ")");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static int slf4jState(Class<?> factory) throws ReflectiveOperationException {
        Field state = factory.getDeclaredField("INITIALIZATION_STATE");
        state.setAccessible(true);
        return state.getInt(null);
    }

    /**
     * Log4j 2's logger in the context of {@code loader}, the one the application's own classes
     * log to, once that context exists (never created here: that would configure Log4j with its
     * defaults before the application does) and, under Spring Boot, once Boot has marked it as
     * set up (its external context).
     */
    private static ApplicationLogger log4j(ClassLoader loader) throws ReflectiveOperationException {
        Class<?> manager = find(LOG4J_MANAGER, loader);
        Object contexts = manager.getMethod("getFactory").invoke(null);
        Method hasContext = contexts.getClass().getMethod("hasContext", String.class, ClassLoader.class, boolean.class);
        if (!(Boolean) hasContext.invoke(contexts, manager.getName(), loader, false)) {
            return null;
        }
        Object context = manager.getMethod("getContext", ClassLoader.class, boolean.class).invoke(null, loader, false);
        if (find(BOOT_LOGGING, loader) != null
                && !BOOT_LOGGING.equals(context.getClass().getMethod("getExternalContext").invoke(context))) {
            return null;
        }
        Object logger = context.getClass().getMethod("getLogger", String.class).invoke(context, NAME);
        return new ApplicationLogger(logger, methods(find(LOG4J_LOGGER, loader), "debug", "info", "warn", "error"),
                "Log4j 2 (" + context.getClass().getName() + ")");
    }

    /**
     * {@code java.util.logging}, for an application with neither SLF4J nor Log4j 2: always there.
     * Asked for only once an application class has called a cached method, so after the application's
     * {@code main} could set {@code java.util.logging.manager}; a configuration it reads later
     * applies to this logger too, since we configure nothing.
     */
    private static ApplicationLogger jul() {
        try {
            java.util.logging.Logger jul = java.util.logging.Logger.getLogger(NAME);
            return new ApplicationLogger(jul, methods(java.util.logging.Logger.class, "fine", "info", "warning", "severe"),
                    "java.util.logging");
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method[] methods(Class<?> type, String... names) throws NoSuchMethodException {
        Method[] out = new Method[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = type.getMethod(names[i], String.class);
        }
        return out;
    }

    private static Class<?> find(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null;
        }
    }

    /** Logs one line through the framework; {@code false} when the framework threw. */
    boolean log(AgentLog.Level level, String message) {
        try {
            byLevel[level.ordinal()].invoke(logger, message);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }
}
