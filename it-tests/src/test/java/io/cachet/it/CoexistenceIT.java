package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other bytecode agents on the same JVM, in either order: the JaCoCo agent adds its probes to
 * the classes Cachet instruments, and another Byte Buddy agent advises the very method Cachet
 * caches. The application's results are unchanged, caching works, and the other agents still
 * do their work.
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

    @ParameterizedTest(name = "the other Byte Buddy agent {0}")
    @ValueSource(strings = {"first", "second"})
    void anotherByteBuddyAgentOnTheSameMethod(String otherPosition) throws Exception {
        Path jar = dir.resolve("other-agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "io.cachet.it.apps.otheragent.OtherAgent");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String c : new String[] {"OtherAgent.class", "OtherAgent$CountingAdvice.class"}) {
                String entry = "io/cachet/it/apps/otheragent/" + c;
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = CoexistenceIT.class.getClassLoader().getResourceAsStream(entry)) {
                    out.write(in.readAllBytes());
                }
                out.closeEntry();
            }
        }
        String other = "-javaagent:" + jar;
        // The other agent is loaded by the system loader: its Byte Buddy is on the application's class path.
        AgentJvm.Builder builder = AgentJvm.builder().redis(redis, "bb-" + otherPosition).libraries("byte-buddy");
        if (otherPosition.equals("first")) {
            builder.jvmArgBeforeAgent(other);
        } else {
            builder.jvmArg(other);
        }
        try (AgentJvm app = builder.start().awaitConnected()) {
            assertThat(app.call("describe 4")).isEqualTo("item-4#1 <String>");
            awaitKey("bb-" + otherPosition + ":cachet:Catalog.describe:4");
            assertThat(app.call("describe 4")).isEqualTo("item-4#1 <String>");
            assertThat(app.call("describe 5")).isEqualTo("item-5#2 <String>");
            assertThat(app.count("describe")).as("Cachet caches").isEqualTo(2);
            // Whichever advice is outermost sees every call; inner advice only the runs.
            assertThat(app.count("otherAgent.describe")).as("the other agent's advice runs").isBetween(2, 3);
            assertThat(app.logText()).doesNotContain("cannot instrument");
        }
    }
}
