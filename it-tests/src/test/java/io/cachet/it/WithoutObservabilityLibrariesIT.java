package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application with no Micrometer, no OpenTelemetry and no SLF4J on its class path (the test
 * application and the annotations jar alone): caching works as ever, and the class-load log shows
 * that none of those libraries was looked for into existence (the agent's own relocated SLF4J,
 * {@code io.cachet.shaded.org.slf4j}, is Redisson's and does not count).
 */
class WithoutObservabilityLibrariesIT extends RedisBackedTest {

    @TempDir
    Path dir;

    @Test
    void nothingOfMicrometerOpenTelemetryOrSlf4jIsLoaded() throws Exception {
        for (String target : new String[] {"stderr", "application"}) {
            Path classes = dir.resolve("class-load-" + target + ".log");
            try (AgentJvm app = bare().redis(redis, "bare-" + target).sysProp("cachet.log.target", target)
                    // The first call waits for the first connection, however slow the machine.
                    .sysProp("cachet.redis.startup-wait", "60s").sysProp("cachet.redis.connect-timeout", "5s")
                    .jvmArg("-Xlog:class+load=info:file=" + classes).start()) {
                String first = app.call("describe 1");
                awaitKey("bare-" + target + ":cachet:Catalog.describe:1");
                assertThat(app.call("describe 1")).as("cached").isEqualTo(first);
                assertThat(app.count("describe")).isEqualTo(1);
                app.close();
                List<String> loaded = Files.readAllLines(classes);
                assertThat(loaded).as("the class-load log").anyMatch(l -> l.contains(" io.cachet.agent.metrics.MicrometerMeters "));
                assertThat(loaded).noneMatch(l -> l.contains(" io.micrometer.") || l.contains(" io.opentelemetry.")
                        || l.contains(" org.slf4j.") || l.contains(" ch.qos.logback.") || l.contains(" org.apache.logging."));
                if (target.equals("application")) {
                    assertThat(app.logText()).as("java.util.logging, the logging every JVM has").contains("INFO: Cachet ", " started: ");
                }
            }
        }
    }

    /**
     * The test application with nothing but the annotations jar beside it: what every forked
     * application gets unless its test names libraries.
     */
    private static AgentJvm.Builder bare() {
        return AgentJvm.builder();
    }
}
