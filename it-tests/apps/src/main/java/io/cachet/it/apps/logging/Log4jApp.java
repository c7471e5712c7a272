package io.cachet.it.apps.logging;

import io.cachet.it.apps.ScenarioApp;
import org.apache.logging.log4j.LogManager;

/**
 * {@link ScenarioApp} in an application that logs through Log4j 2 directly, with no SLF4J
 * anywhere: its first logger, taken in {@code main}, configures Log4j from
 * {@code log4j2.configurationFile}.
 */
public final class Log4jApp {

    private Log4jApp() {
    }

    public static void main(String[] args) throws Exception {
        LogManager.getLogger(Log4jApp.class).info("application started");
        ScenarioApp.main(args);
    }
}
