package io.cachet.agent.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Lines like any log line, {@code 2026-01-31T12:00:00.123Z [cachet] INFO message}, on a stream of
 * our own: the JVM's original standard error, or a file appended to. The {@code [cachet] LEVEL}
 * part follows the time so that a reader can grep for it whatever the time.
 */
final class StreamSink implements LogSink {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final PrintStream out;

    private StreamSink(PrintStream out) {
        this.out = out;
    }

    static StreamSink of(PrintStream out) {
        return new StreamSink(out);
    }

    /** Appends to {@code file}, creating it (and its directory) when missing. */
    static StreamSink appendingTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new StreamSink(new PrintStream(stream, true, StandardCharsets.UTF_8));
    }

    @Override
    public void write(AgentLog.Level level, String message) {
        out.println(line(Instant.now(), level, message));
    }

    static String line(Instant at, AgentLog.Level level, String message) {
        return TIME.format(at) + " [cachet] " + level + ' ' + message;
    }
}
