package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 7, cached from the first call: a fresh JVM whose {@code main} calls a cached method
 * twice right away serves the second call from Redis, and an {@code @Evicts} made first thing
 * takes effect everywhere. When Redis is absent or silent at start, the first calls wait for
 * it once, bounded by {@code cachet.redis.startup-wait}, and later calls do not wait again.
 * (Cluster and Sentinel: {@link ReplicatedRedisContract}.)
 */
class FirstCallIT extends RedisBackedTest {

    private static final String APP = "io.cachet.it.apps.firstcall.FirstCallApp";

    @TempDir
    Path dir;

    /**
     * A JVM whose first calls must be served by a healthy Redis. The start-up wait and the call
     * deadline are raised above their defaults (2 s, 100 ms) only because this machine runs the
     * suite's JVMs side by side: what is tested is that the first call waits for the connection,
     * not how fast a loaded machine connects (benchmarks/ measures that, on a quiet one).
     */
    private static AgentJvm.Builder app(String prefix, String... calls) {
        AgentJvm.Builder b = AgentJvm.builder().redis(redis, prefix).mainClass(APP)
                .sysProp("cachet.redis.startup-wait", "10s").sysProp("cachet.redis.timeout", "1s");
        for (String call : calls) {
            b.programArg(call);
        }
        return b;
    }

    @Test
    void theSecondCallOfAFreshJvmIsAHit() {
        for (int jvm = 0; jvm < 3; jvm++) {
            try (AgentJvm app = app("first" + jvm, "find:a", "find:a").start()) {
                assertThat(app.readLine()).as("JVM %d", jvm).isEqualTo("runs=1 results=[a=v0, a=v0]");
                assertThat(app.logText()).contains("1 call waited for the first connection to Redis (at most 10s, once): connected");
            }
        }
    }

    /**
     * The main class holds cached methods, so it loads long before the instrumentation is built
     * (hundreds of milliseconds of Byte Buddy on two cores; the main class loads within tens): it
     * is not held at its load for it, as it was, which held {@code main} back by that build, but
     * woven before its first cached call runs, and that call and an eviction right after it are
     * served as always.
     */
    @Test
    void aMainClassWithCachedMethodsIsNotHeldForTheInstrumentationAndItsFirstCallsStillCache() {
        try (AgentJvm app = app("first-deferred", "find:e", "find:e", "change:e:v1", "find:e").sysProp("cachet.log.level", "DEBUG")
                .start()) {
            assertThat(app.readLine()).isEqualTo("runs=2 results=[e=v0, e=v0, changed e, e=v1]");
            assertThat(app.logText()).contains(APP + " loaded before the instrumentation was ready; it is woven once it is");
        }
    }

    /**
     * The way to the first hit loads no more than caching uses: the class-load log shows neither
     * the JFR event handler Netty 4.2 has generated for its buffer allocators whenever JFR is
     * available (about 90 ms of the start-up benchmark's first hit, RESULTS.md), nor Redisson's
     * table of its object types for storing one inside another (about 190 classes, for nothing).
     */
    @Test
    void theFirstHitLoadsNeitherFlightRecorderEventsNorRedissonObjectReferences() throws IOException {
        Path classes = dir.resolve("class-load.log");
        try (AgentJvm app = app("first-lean", "find:c", "find:c").jvmArg("-Xlog:class+load=info:file=" + classes).start()) {
            assertThat(app.readLine()).isEqualTo("runs=1 results=[c=v0, c=v0]");
            app.close();
        }
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("the class-load log").anyMatch(l -> l.contains(" io.cachet.shaded.io.netty.buffer."));
        assertThat(loaded).noneMatch(l -> l.contains(" jdk.jfr.internal.handlers.") || l.contains(" io.cachet.shaded.io.netty.buffer.AllocateBufferEvent ")
                || l.contains(" io.cachet.shaded.org.redisson.liveobject.core.RedissonObjectBuilder "));
    }

    @Test
    void anEvictionMadeFirstThingReachesAnotherJvm() {
        try (AgentJvm reader = app("first-evict", "find:b").start()) {
            assertThat(reader.readLine()).isEqualTo("runs=1 results=[b=v0]");
            assertThat(reader.call("find b")).isEqualTo("b=v0");
            assertThat(reader.call("runs")).as("cached").isEqualTo("1");
            try (AgentJvm writer = app("first-evict", "change:b:v1").start()) {
                assertThat(writer.readLine()).isEqualTo("runs=0 results=[changed b]");
                assertThat(writer.logText()).doesNotContain("could not reach Redis");
            }
            assertThat(reader.call("find b")).isEqualTo("b=v0");
            assertThat(reader.call("runs")).as("the eviction made at the writer's start reached this JVM").isEqualTo("2");
        }
    }

    @Test
    void redisAbsentAtStartCostsOneBoundedWaitAndEveryCallStillAnswers() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        assertFirstCallsWaitOnce(port, "(it failed \\(|not made in time)");
    }

    @Test
    void redisThatNeverAnswersAtStartCostsOneBoundedWait() throws IOException {
        try (Blackhole blackhole = new Blackhole()) {
            assertFirstCallsWaitOnce(blackhole.port(), "(it failed \\(|not made in time)");
        }
    }

    /** @param outcome what the one waiting call got, as a regular expression */
    private static void assertFirstCallsWaitOnce(int port, String outcome) {
        AgentJvm.Builder b = AgentJvm.builder().sysProp("cachet.redis.address", "redis://127.0.0.1:" + port)
                .sysProp("cachet.redis.startup-wait", "1s").mainClass(APP);
        for (int i = 0; i < 20; i++) {
            b.programArg("find:c");
        }
        try (AgentJvm app = b.start()) {
            assertThat(app.readLine()).as("every call answers, uncached").startsWith("runs=20 results=[c=v0, c=v0");
            assertThat(app.call("find c")).isEqualTo("c=v0");
            app.awaitLog("cannot connect to Redis");
            // The first call waits unless the connector gave up before it came (then none waits):
            // never more than one of the 20 calls, and never again.
            List<String> waits = new ArrayList<>();
            app.log().stream().filter(l -> l.contains("waited for the first connection to Redis")).forEach(waits::add);
            assertThat(waits).hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(l -> assertThat(l).startsWith("[cachet] INFO 1 call waited")
                            .containsPattern("\\(at most 1s, once\\): " + outcome));
            assertThat(app.logText()).doesNotContain("Exception in thread");
        }
    }

    @Test
    void startupWaitZeroNeverWaits() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.redis.address", "redis://127.0.0.1:" + port)
                .sysProp("cachet.redis.startup-wait", "0").mainClass(APP).programArg("find:d").programArg("find:d").start()) {
            assertThat(app.readLine()).isEqualTo("runs=2 results=[d=v0, d=v0]");
            app.awaitLog("cannot connect to Redis");
            assertThat(app.logText()).doesNotContain("waited for the first connection");
        }
    }

    /** Accepts connections and never answers: a Redis host behind a broken firewall or a hung server. */
    private static final class Blackhole implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new ArrayList<>();

        Blackhole() throws IOException {
            server = new ServerSocket(0);
            Thread accept = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "blackhole");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
                synchronized (held) {
                    for (Socket s : held) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
