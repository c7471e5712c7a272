package io.cachet.it.faults;

import static io.cachet.it.support.EntryBytes.ascii;
import static io.cachet.it.support.EntryBytes.className;
import static io.cachet.it.support.EntryBytes.withPayload;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 10: a class an entry names that the allow-list refuses must not even be
 * loaded (the README says so). Today Kryo falls back to {@code Class.forName(name, false, ...)}
 * with its own loader once the allow-list loader has refused, so {@code ProcessBuilder} and
 * {@code ScriptEngineManager}, named in forged entries of a method declared to return
 * {@code Object}, show up in {@code -Xlog:class+load}. A benign forgery naming
 * {@code java.lang.String} the same way must be served: the forged entries reach the decoder.
 */
class RefusedClassesIT {

    private static final List<String> REFUSED = List.of("java.lang.ProcessBuilder", "javax.script.ScriptEngineManager");

    @TempDir
    Path dir;

    @Test
    void aRefusedClassNamedInAnEntryIsNeverLoaded() throws IOException {
        Path classLog = dir.resolve("class-load.log");
        try (RedisNode redis = RedisNode.start("refused-classes");
             AgentJvm jvm = AgentJvm.builder().jvmArg("-Xlog:class+load=info:file=" + classLog)
                     .redis(redis.address(), "refused").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            String key = "refused:cachet:Payloads.opaque:1";
            assertThat(app.call("payloads.opaque 1")).isEqualTo("opaque-1");
            Awaitility.await(key).atMost(Duration.ofSeconds(10)).until(() -> (Long) redis.command("EXISTS", key) == 1);
            byte[] entry = (byte[]) redis.command("GET", key);
            assertThat(loaded(classLog)).as("loaded before any forged entry was read").doesNotContainAnyElementsOf(REFUSED);

            redis.command("SET", key, withPayload(entry, className("java.lang.String"), new byte[] {1}, ascii("forged-1")), "KEEPTTL");
            assertThat(app.call("payloads.opaque 1")).as("a benign forgery is served (the forged entries reach the decoder)")
                    .isEqualTo("forged-1");
            for (String refused : REFUSED) {
                redis.command("SET", key, withPayload(entry, className(refused)), "KEEPTTL");
                assertThat(app.call("payloads.opaque 1")).as("an entry naming %s is a miss", refused).isEqualTo("opaque-1");
            }
            assertThat(loaded(classLog)).as("classes loaded (-Xlog:class+load) after reading entries that name them,"
                    + " which the allow-list refuses").doesNotContainAnyElementsOf(REFUSED);
        }
    }

    /** The classes named in the class-load log, of those this test forges. */
    private static List<String> loaded(Path classLog) throws IOException {
        String log = Files.exists(classLog) ? Files.readString(classLog) : "";
        return REFUSED.stream().filter(c -> log.contains(" " + c + " ")).collect(Collectors.toList());
    }
}
