package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Another bytecode agent on the same JVM, in either order: the JaCoCo agent adds its probes to
 * the classes Cachet instruments; the application's results are unchanged, caching works, and
 * coverage is still recorded.
 */
class CoexistenceIT extends RedisBackedTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "JaCoCo {0}")
    @ValueSource(strings = {"first", "second"})
    void jacocoAndCachetTogether(String jacocoPosition) throws Exception {
        Path exec = dir.resolve("jacoco-" + jacocoPosition + ".exec");
        String jacoco = "-javaagent:" + Path.of(System.getProperty("cachet.it.jacoco")).toAbsolutePath()
                + "=destfile=" + exec + ",includes=io.cachet.it.apps.*";
        AgentJvm.Builder builder = AgentJvm.builder().redis(redis, "jacoco-" + jacocoPosition);
        if (jacocoPosition.equals("first")) {
            builder.jvmArgBeforeAgent(jacoco);
        } else {
            builder.jvmArg(jacoco);
        }
        try (AgentJvm app = builder.start().awaitConnected()) {
            assertThat(app.call("describe 3")).isEqualTo("item-3#1 <String>");
            awaitKey("jacoco-" + jacocoPosition + ":cachet:Catalog.describe:3");
            assertThat(app.call("describe 3")).isEqualTo("item-3#1 <String>");
            assertThat(app.call("failing z")).startsWith("EX java.lang.IllegalStateException: boom 1");
            assertThat(app.call("square 12")).isEqualTo("144 <Integer>");
            assertThat(app.count("describe")).isEqualTo(1);
            assertThat(app.logText()).doesNotContain("cannot instrument");
        }
        assertThat(exec).exists();
        assertThat(Files.size(exec)).as("coverage recorded").isGreaterThan(100);
        assertThat(new String(Files.readAllBytes(exec), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the instrumented class is in the coverage data").contains("io/cachet/it/apps/Catalog");
    }
}
