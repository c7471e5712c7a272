package io.cachet.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamSinkTest {

    @TempDir
    Path dir;

    @Test
    void aLineStartsWithItsTimeInUtcToTheMillisecondThenCachetAndItsLevel() {
        assertThat(StreamSink.line(Instant.parse("2026-01-31T12:00:00Z"), AgentLog.Level.WARN, "Redis is down"))
                .isEqualTo("2026-01-31T12:00:00.000Z [cachet] WARN Redis is down");
    }

    @Test
    void aFileIsAppendedToAndItsDirectoryCreated() throws Exception {
        Path file = dir.resolve("logs/cachet.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "earlier\n");
        StreamSink.appendingTo(file).write(AgentLog.Level.INFO, "started");
        assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("earlier");
        assertThat(Files.readAllLines(file).get(1)).endsWith(" [cachet] INFO started");
        StreamSink.appendingTo(dir.resolve("new/dir/cachet.log")).write(AgentLog.Level.INFO, "x");
        assertThat(dir.resolve("new/dir/cachet.log")).exists();
    }
}
