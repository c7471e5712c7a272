package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's demo command: the demo jar with the agent, in local mode, saves database queries. */
class DemoIT {

    @Test
    void theDemoRunsWithTheAgentAndSavesQueries() throws IOException, InterruptedException {
        Path demo = Path.of(System.getProperty("cachet.it.test.classes"), "..", "..", "..", "demo-app", "target", "cachet-demo-app.jar")
                .normalize();
        Path out = Files.createTempFile("demo", ".txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("cachet.it.java.home"), "bin", "java").toString(),
                "-javaagent:" + Path.of(System.getProperty("cachet.it.agent")).toAbsolutePath(), "-jar", demo.toString(), "500"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("agent ACTIVE", "mode=local", "pass 2:     0 database queries");
    }
}
