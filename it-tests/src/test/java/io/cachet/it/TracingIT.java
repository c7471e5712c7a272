package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.BootApp;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot application under the OpenTelemetry Java agent, its spans exported to its
 * logging exporter: the server span of a request that called a cached method carries what the
 * cache did ({@code cache.name}, {@code cache.result}, {@code cache.tier} on a hit), and with
 * {@code cachet.tracing.spans=true} a load and each awaited Redis call are spans of the same
 * trace. The application has no OpenTelemetry API of its own: Cachet uses the Java agent's.
 */
class TracingIT extends RedisBackedTest {

    private static final String CACHE = "AuthorRepository.findById";
    private static BootApp app;

    @BeforeAll
    static void start() throws Exception {
        Path rules = Path.of(TracingIT.class.getResource("/boot-app/cachet.properties").getPath());
        AgentJvm.Builder jvm = AgentJvm.builder().agentArgs("config=" + rules).redis(redis, "traces")
                .sysProp("cachet.redis.timeout", "2s").sysProp("cachet.tracing.spans", "true")
                .jvmArgBeforeAgent("-javaagent:" + System.getProperty("cachet.it.opentelemetry"))
                .sysProp("otel.traces.exporter", "logging").sysProp("otel.metrics.exporter", "none")
                .sysProp("otel.logs.exporter", "none").sysProp("otel.bsp.schedule.delay", "100")
                .sysProp("otel.service.name", "shop");
        app = BootApp.start(jvm);
        app.jvm().awaitConnected();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aRequestsSpanSaysMissOnAMissAndHitOnAHit() throws Exception {
        app.get("/authors/1");
        String miss = app.jvm().awaitLog("'GET /authors/{id}'");
        assertThat(miss).contains("cache.name=" + CACHE, "cache.result=miss").doesNotContain("cache.tier");
        awaitKey("traces:cachet:" + CACHE + ":1L"); // findById(ID) is erased to Object: a Long key part carries its type
        int before = spans();
        app.get("/authors/1");
        app.jvm().awaitLog("cache.result=hit");
        String hit = app.jvm().log().stream().filter(l -> l.contains("'GET /authors/{id}'")).skip(before).findFirst().orElseThrow();
        assertThat(hit).contains("cache.name=" + CACHE, "cache.result=hit", "cache.tier=l2");
    }

    @Test
    void aLoadAndTheRedisReadBeforeItAreSpansOfTheRequestsTrace() throws Exception {
        app.get("/authors/2");
        String request = app.jvm().awaitLog("url.path=/authors/2");
        assertThat(request).contains("cache.result=miss");
        String trace = traceOf(request);
        assertThat(app.jvm().awaitLog("'cachet.load " + CACHE + "' : " + trace)).contains("cache.name=" + CACHE);
        assertThat(app.jvm().awaitLog("'MGET' : " + trace)).contains("db.system=redis", "db.operation.name=MGET");
    }

    /** The trace id of a logging exporter's line: {@code 'name' : <trace> <span> KIND [tracer: ...] ...}. */
    private static String traceOf(String line) {
        return line.substring(line.indexOf("' : ") + 4).split(" ")[0];
    }

    @Test
    void aRequestWithoutACachedCallCarriesNothingOfCachets() throws Exception {
        app.get("/stats/statements");
        String span = app.jvm().awaitLog("'GET /stats/statements'");
        assertThat(span).doesNotContain("cache.");
    }

    private static int spans() {
        return (int) app.jvm().log().stream().filter(l -> l.contains("'GET /authors/{id}'")).count();
    }
}
