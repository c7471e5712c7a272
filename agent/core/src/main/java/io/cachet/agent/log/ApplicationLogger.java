package io.cachet.agent.log;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The application's own logger named {@code cachet}, found in one of its class loaders once the
 * application has configured its logging: SLF4J (Logback, or Log4j 2 through its SLF4J binding),
 * else {@code java.util.logging}. Called reflectively: the agent has none of these on its class
 * path, and nothing of them is loaded for a loader that lacks them.
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
    private static final String SLF4J_FACTORY = "org.slf4j.LoggerFactory";
    private static final String SLF4J_LOGGER = "org.slf4j.Logger";
    private static final String BOOT_LOGGING = "org.springframework.boot.logging.LoggingSystem";
    private static final String LOG4J_MANAGER = "org.apache.logging.log4j.LogManager";
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
        if (factory == null) {
            return jul();
        }
        try {
            Field state = factory.getDeclaredField("INITIALIZATION_STATE");
            state.setAccessible(true);
            int s = state.getInt(null);
            if (s == SLF4J_NO_PROVIDER) {
                return jul();
            }
            if (s != SLF4J_INITIALISED) {
                return null;
            }
            Object frameworkFactory = factory.getMethod("getILoggerFactory").invoke(null);
            if (find(BOOT_LOGGING, loader) != null && !bootConfigured(frameworkFactory, loader)) {
                return null;
            }
            Class<?> type = find(SLF4J_LOGGER, loader);
            Object logger = factory.getMethod("getLogger", String.class).invoke(null, NAME);
            return new ApplicationLogger(logger, methods(type, "debug", "info", "warn", "error"),
                    "SLF4J (" + frameworkFactory.getClass().getName() + ")");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static boolean bootConfigured(Object frameworkFactory, ClassLoader loader) throws ReflectiveOperationException {
        Class<?> type = frameworkFactory.getClass();
        if (type.getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return type.getMethod("getObject", String.class).invoke(frameworkFactory, BOOT_LOGGING) != null;
        }
        Class<?> log4j = find(LOG4J_MANAGER, loader);
        if (log4j != null && type.getName().startsWith("org.apache.logging.")) {
            Object context = log4j.getMethod("getContext", boolean.class).invoke(null, false);
            return BOOT_LOGGING.equals(context.getClass().getMethod("getExternalContext").invoke(context));
        }
        return true; // another framework under Boot: SLF4J's initialisation is all we can see
    }

    /**
     * {@code java.util.logging}, for an application without SLF4J: always there. Asked for only
     * once an application class has called a cached method, so after the application's
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
