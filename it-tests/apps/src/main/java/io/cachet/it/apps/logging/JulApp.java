package io.cachet.it.apps.logging;

import io.cachet.annotations.Cached;
import java.util.logging.LogManager;

/**
 * An application that chooses its {@code java.util.logging} manager in {@code main}, as
 * applications using JBoss LogManager or Log4j's JUL bridge do. That works only if nothing has
 * initialised {@code LogManager} before; it prints which manager it got, before and after using
 * a cached method (near-cached when Redis is configured).
 */
public final class JulApp {

    /** The manager the application installs. */
    public static final class AppLogManager extends LogManager {
    }

    @Cached(near = true)
    public String greet(String name) {
        return "hello " + name;
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
        System.out.println("manager " + LogManager.getLogManager().getClass().getSimpleName());
        JulApp app = new JulApp();
        for (int i = 0; i < 3; i++) {
            app.greet("x");
        }
        System.out.println("manager " + LogManager.getLogManager().getClass().getSimpleName());
    }
}
