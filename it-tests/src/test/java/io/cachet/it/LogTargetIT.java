package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.BootApp;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cachet.log.target}: timestamped lines on standard error by default, a file, or the
 * application's own logging. With {@code application}, on the Spring Boot application with
 * Logback and with Log4j 2, Cachet's lines, the start-up line included, come out of the
 * application's appender in the pattern of a configuration file Boot loads while it starts (long
 * after the agent did): nothing is written before the application configured its logging, and
 * that configuration is the application's, untouched. Outside Boot, the same through Log4j 2
 * with no SLF4J anywhere, and through {@code java.util.logging} alone.
 */
class LogTargetIT extends RedisBackedTest {

    private static final String TIMESTAMPED = "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[cachet\\] (DEBUG|INFO|WARN|ERROR) .+";

    @TempDir
    Path dir;

    @Test
    void byDefaultEveryLineOnStandardErrorHasItsTimeAndLevel() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "logs").start().awaitConnected()) {
            app.call("describe 1");
            app.close();
            assertThat(app.rawLog()).isNotEmpty().allSatisfy(line -> assertThat(line).matches(TIMESTAMPED));
            assertThat(app.logText()).contains("[cachet] INFO Cachet", " started: ", "are instrumented as their classes load")
                    .doesNotContain("methods instrumented so far");
        }
    }

    @Test
    void aFileTargetGetsTheLinesAndStandardErrorNone() throws Exception {
        Path file = dir.resolve("logs/cachet.log");
        try (AgentJvm app = AgentJvm.builder().redis(redis, "logs").sysProp("cachet.log.target", file.toString()).start()) {
            Awaitility.await("connected, in the file").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(file) && Files.readString(file).contains("connected to Redis"));
            app.call("describe 1");
            app.close();
            List<String> lines = Files.readAllLines(file);
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("[cachet] INFO Cachet").contains(" started: "))
                    .allSatisfy(l -> assertThat(l).matches(TIMESTAMPED));
            assertThat(app.rawLog()).noneMatch(l -> l.contains("[cachet]"));
        }
    }

    @Test
    void withLogbackTheLinesComeOutOfTheApplicationsAppenderInItsPattern() throws Exception {
        Path config = dir.resolve("logback-app.xml");
        Files.writeString(config, "<configuration>\n"
                + "  <appender name=\"APP\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
                + "    <target>System.err</target>\n"
                + "    <encoder><pattern>APP-LOGBACK|%level|%logger|%msg%n</pattern></encoder>\n"
                + "  </appender>\n"
                + "  <root level=\"INFO\"><appender-ref ref=\"APP\"/></root>\n"
                + "</configuration>\n");
        throughTheApplication(BootApp.jar(), config, "APP-LOGBACK");
    }

    @Test
    void withLog4j2TheLinesComeOutOfTheApplicationsAppenderInItsPattern() throws Exception {
        Path config = dir.resolve("log4j2-app.xml");
        Files.writeString(config, "<Configuration status=\"WARN\">\n"
                + "  <Appenders><Console name=\"APP\" target=\"SYSTEM_ERR\">"
                + "<PatternLayout pattern=\"APP-LOG4J2|%level|%logger|%msg%n\"/></Console></Appenders>\n"
                + "  <Loggers><Root level=\"info\"><AppenderRef ref=\"APP\"/></Root></Loggers>\n"
                + "</Configuration>\n");
        throughTheApplication(BootApp.log4j2Jar(), config, "APP-LOG4J2");
    }

    @Test
    void withOnlyJavaUtilLoggingTheLinesComeOutOfItsHandlerInItsFormat() throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, "handlers=java.util.logging.ConsoleHandler\n"
                + "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter\n"
                + "java.util.logging.SimpleFormatter.format=APP-JUL|%4$s|%3$s|%5$s%n\n");
        AgentJvm.Builder agent = AgentJvm.builder().redis(redis, "jul").sysProp("cachet.log.target", "application")
                .sysProp("java.util.logging.config.file", config.toString());
        throughTheApplicationsOwnLogging(agent, "APP-JUL", "WARNING");
    }

    @Test
    void withLog4j2AndNoSlf4jTheLinesComeOutOfLog4jsAppenderInItsPattern() throws Exception {
        Path config = dir.resolve("log4j2.xml");
        Files.writeString(config, "<Configuration status=\"WARN\">\n"
                + "  <Appenders><Console name=\"APP\" target=\"SYSTEM_ERR\">"
                + "<PatternLayout pattern=\"APP-LOG4J|%level|%logger|%msg%n\"/></Console></Appenders>\n"
                + "  <Loggers><Root level=\"info\"><AppenderRef ref=\"APP\"/></Root></Loggers>\n"
                + "</Configuration>\n");
        AgentJvm.Builder agent = AgentJvm.builder().redis(redis, "log4j").sysProp("cachet.log.target", "application")
                .mainClass("io.cachet.it.apps.logging.Log4jApp").libraries("log4j-api", "log4j-core")
                .sysProp("log4j2.configurationFile", config.toString());
        throughTheApplicationsOwnLogging(agent, "APP-LOG4J", "WARN");
    }

    /**
     * ScenarioApp (no SLF4J) with {@code cachet.log.target=application}: the start-up line and
     * the warning of a misspelt key, both logged in premain, come out in the application's
     * format once it has logging; none on standard error as ours.
     */
    private static void throughTheApplicationsOwnLogging(AgentJvm.Builder agent, String pattern, String warn) {
        try (AgentJvm app = agent.sysProp("cachet.redis.adress", "redis://nowhere:1").start()) {
            // The first cached call names the application's loader, where its logging is found.
            assertThat(app.call("describe 1")).isEqualTo("item-1#1 <String>");
            app.awaitLog(pattern + "|INFO|cachet|connected to Redis");
            assertThat(app.awaitLog("unknown key cachet.redis.adress")).startsWith(pattern + "|" + warn + "|cachet|");
            List<String> log = app.rawLog();
            assertThat(log).anySatisfy(l -> assertThat(l).startsWith(pattern + "|INFO|cachet|Cachet ").contains(" started: "))
                    .noneMatch(l -> l.contains("[cachet]"));
        }
    }

    private void throughTheApplication(Path jar, Path loggingConfig, String pattern) throws Exception {
        Path rules = Path.of(LogTargetIT.class.getResource("/boot-app/cachet.properties").getPath());
        // A cached call in main before SpringApplication.run: its loader is known (and its SLF4J
        // initialised with the framework's defaults by Spring's first logger) well before Boot
        // applies logging.config, and Cachet's lines must still wait for Boot's configuration.
        AgentJvm.Builder agent = AgentJvm.builder().agentArgs("config=" + rules).redis(redis, "applog")
                .sysProp("cachet.redis.timeout", "2s").sysProp("cachet.log.target", "application")
                .sysProp("shop.greet-before-run", "true")
                .sysProp("cachet.cache.greeting.method", "com.acme.shop.ShopApplication#greeting");
        try (BootApp app = BootApp.start(jar, agent, "--logging.config=" + loggingConfig)) {
            app.jvm().awaitLog(pattern + "|INFO|cachet|connected to Redis");
            app.get("/authors/1");
            // A line of a first call's kind: the one-time advice for a result that cannot be cached.
            app.get("/authors/page/0");
            assertThat(app.jvm().awaitLog("AuthorRepository#findAll(Pageable) runs uncached")).startsWith(pattern + "|WARN|cachet|");
            List<String> log = app.jvm().rawLog();
            assertThat(log).as("the start-up line, logged before the application had logging, waited for it")
                    .anySatisfy(l -> assertThat(l).startsWith(pattern + "|INFO|cachet|Cachet ").contains(" started: "));
            assertThat(log).as("nothing of Cachet's on standard error but through the application's appender")
                    .noneMatch(l -> l.contains("[cachet]"))
                    .filteredOn(l -> l.contains("cachet") && (l.contains("started: ") || l.contains("connected to Redis")))
                    .allSatisfy(l -> assertThat(l).startsWith(pattern + "|"));
            assertThat(log).as("the call before SpringApplication.run was cached, so its loader was known before Boot's logging")
                    .anySatisfy(l -> assertThat(l).startsWith(pattern + "|INFO|cachet|caching com.acme.shop.ShopApplication#greeting"));
            assertThat(log).as("the application's own lines keep its pattern")
                    .anySatisfy(l -> assertThat(l).startsWith(pattern + "|INFO|com.acme.shop.ShopApplication|Started ShopApplication"));
        }
    }
}
