package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.Http;
import io.cachet.it.support.Jmx;
import io.cachet.it.support.RedisBackedTest;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cache statistics after a known sequence of calls, read over JMX (as JConsole does) and scraped
 * from the Prometheus endpoint over HTTP; the admin endpoint's refusals.
 */
class MetricsIT extends RedisBackedTest {

    private static final Pattern SAMPLE = Pattern.compile("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? -?[0-9][0-9.eE+-]*");

    @Test
    void countsMatchAKnownCallSequenceOverJmxAndPrometheus() throws Exception {
        int port = Http.freePort();
        String base = "http://127.0.0.1:" + port;
        try (AgentJvm app = AgentJvm.builder().redis(redis, "metrics")
                .sysProp("cachet.metrics.port", String.valueOf(port)).sysProp("cachet.admin.enabled", "true")
                .jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            app.awaitConnected();
            app.call("ops.price 1");                                     // miss
            awaitKey("metrics:cachet:Ops.price:1");
            app.call("ops.price 1");                                     // hit
            app.call("ops.price 1");                                     // hit
            app.call("ops.price 2");                                     // miss
            awaitKey("metrics:cachet:Ops.price:2");
            resp.setBytes("metrics:cachet:Ops.price:2", "not an entry".getBytes());
            app.call("ops.price 2");                                     // miss: bytes that do not decode
            app.call("ops.slow 1");                                      // miss, at least 20 ms
            awaitKey("metrics:cachet:Ops.slow:1");
            app.call("ops.slow 1");                                      // hit
            app.awaitLog("metrics on http://127.0.0.1:" + port);

            HttpResponse<String> noHeader = Http.post(base + "/api/evict", "tag=ops:1");
            assertThat(noHeader.statusCode()).isEqualTo(403);
            assertThat(noHeader.body()).contains("X-Cachet-Admin");
            HttpResponse<String> evicted = Http.post(base + "/api/evict", "tag=ops:1", "X-Cachet-Admin", "evict");
            assertThat(evicted.statusCode()).as(evicted.body()).isEqualTo(200);
            app.call("ops.price 1");                                     // miss: recorded before the tag's eviction
            assertThat(Http.post(base + "/api/evict", "cache=Ops.price&key=1", "X-Cachet-Admin", "evict").statusCode()).isEqualTo(200);
            assertThat(resp.exists("metrics:cachet:Ops.price:1")).as("a key eviction deletes the entry").isFalse();
            assertThat(app.count("ops.price")).isEqualTo(4);

            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.price").awaitCache("Ops.slow")) {
                assertThat(jmx.counter("Ops.price", "Calls")).isEqualTo(6);
                assertThat(jmx.counter("Ops.price", "HitsL2")).isEqualTo(2);
                assertThat(jmx.counter("Ops.price", "HitsL1")).isZero();
                assertThat(jmx.counter("Ops.price", "Misses")).isEqualTo(4);
                assertThat(jmx.counter("Ops.price", "Loads")).isEqualTo(4);
                assertThat((Double) jmx.attribute("Ops.price", "HitRatio")).isEqualTo(2.0 / 6);
                assertThat(jmx.counter("Ops.price", "CodecErrors")).isEqualTo(1);
                assertThat(jmx.counter("Ops.price", "RedisErrors")).isZero();
                assertThat(jmx.counter("Ops.price", "StaleEntries")).isEqualTo(1);
                assertThat(jmx.counter("Ops.price", "KeyEvictions")).isEqualTo(1);
                assertThat(jmx.counter("Ops.price", "Bypasses")).isZero();
                assertThat(jmx.counter("Ops.slow", "Misses")).isEqualTo(1);
                assertThat(jmx.counter("Ops.slow", "HitsL2")).isEqualTo(1);
                // Unit checks, not timing: the body sleeps 20 ms, so no load can be shorter.
                assertThat((Double) jmx.attribute("Ops.slow", "LoadTimeP50Millis")).isGreaterThanOrEqualTo(20);
                assertThat((Double) jmx.attribute("Ops.slow", "TimeSavedSeconds")).isGreaterThanOrEqualTo(0.020);
                assertThat(jmx.summary("TagEvictions")).isEqualTo(1L);
                assertThat(jmx.summary("CircuitOpen")).isEqualTo(false);
            }

            HttpResponse<String> scrape = Http.get(base + "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            String text = scrape.body();
            assertThat(text).contains(
                    "cachet_calls_total{cache=\"Ops.price\"} 6\n",
                    "cachet_lookups_total{cache=\"Ops.price\",result=\"hit\",tier=\"l2\"} 2\n",
                    "cachet_lookups_total{cache=\"Ops.price\",result=\"hit\",tier=\"l1\"} 0\n",
                    "cachet_lookups_total{cache=\"Ops.price\",result=\"miss\"} 4\n",
                    "cachet_load_seconds_count{cache=\"Ops.price\"} 4\n",
                    "cachet_errors_total{cache=\"Ops.price\",kind=\"codec\"} 1\n",
                    "cachet_errors_total{cache=\"Ops.price\",kind=\"redis\"} 0\n",
                    "cachet_stale_entries_total{cache=\"Ops.price\"} 1\n",
                    "cachet_evictions_total{cache=\"Ops.price\",kind=\"key\"} 1\n",
                    "cachet_tag_evictions_total 1\n",
                    "cachet_circuit_open 0\n",
                    "# TYPE cachet_load_seconds histogram\n",
                    // 2^24 ns is 16.8 ms: below the 20 ms the body sleeps
                    "cachet_load_seconds_bucket{cache=\"Ops.slow\",le=\"0.016777216\"} 0\n",
                    "cachet_load_seconds_bucket{cache=\"Ops.slow\",le=\"+Inf\"} 1\n");
            for (String line : text.split("\n")) {
                assertThat(line.startsWith("# HELP ") || line.startsWith("# TYPE ") || SAMPLE.matcher(line).matches())
                        .as("exposition format: " + line).isTrue();
            }

            HttpResponse<String> page = Http.get(base + "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Cachet</title>").doesNotContain("http://", "https://");
            assertThat(Http.get(base + "/nothing").statusCode()).isEqualTo(404);
            assertThat(app.exit()).as("the exporters' threads are daemons: the application ends").isZero();
        }
    }

    @Test
    void evictingFromThePageIsOffByDefault() throws Exception {
        int port = Http.freePort();
        try (AgentJvm app = AgentJvm.builder().redis(redis, "metrics-off").sysProp("cachet.metrics.port", String.valueOf(port)).start()) {
            app.awaitConnected();
            app.call("ops.price 1");
            app.awaitLog("metrics on http://127.0.0.1:" + port);
            byte[] cacheCounter = resp.getBytes("metrics-off:cachet-v:cache:Ops.price"); // created by the read
            HttpResponse<String> refused = Http.post("http://127.0.0.1:" + port + "/api/evict", "cache=Ops.price", "X-Cachet-Admin", "evict");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("cachet.admin.enabled=true");
            assertThat(resp.getBytes("metrics-off:cachet-v:cache:Ops.price")).as("not bumped").isEqualTo(cacheCounter);
        }
    }

    @Test
    void localModeHitsAreL1AndAnUnreachableRedisCountsBypasses() throws Exception {
        try (AgentJvm local = AgentJvm.builder().jvmArg("-XX:+EnableDynamicAgentLoading").start();
             AgentJvm cut = AgentJvm.builder().sysProp("cachet.redis.address", "redis://127.0.0.1:" + Http.freePort())
                     .jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            for (int i = 0; i < 3; i++) {
                local.call("ops.price 7");
                cut.call("ops.price 7");
            }
            try (Jmx jmx = Jmx.connect(local.pid()).awaitCache("Ops.price")) {
                assertThat(jmx.counter("Ops.price", "HitsL1")).isEqualTo(2);
                assertThat(jmx.counter("Ops.price", "HitsL2")).isZero();
                assertThat(jmx.counter("Ops.price", "Misses")).isEqualTo(1);
            }
            try (Jmx jmx = Jmx.connect(cut.pid()).awaitCache("Ops.price")) {
                assertThat(jmx.counter("Ops.price", "Calls")).isEqualTo(3);
                assertThat(jmx.counter("Ops.price", "Bypasses")).isEqualTo(3);
                assertThat(jmx.counter("Ops.price", "Hits" + "L2") + jmx.counter("Ops.price", "HitsL1")).isZero();
            }
            assertThat(cut.count("ops.price")).isEqualTo(3);
        }
    }
}
