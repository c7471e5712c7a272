package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.BootApp;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot application with the actuator and the Prometheus registry: Cachet's statistics
 * are meters of the application's own Micrometer, in {@code Metrics.globalRegistry}, so that
 * {@code /actuator/metrics/cache.gets} and {@code /actuator/prometheus} show them, counted exactly,
 * beside the application's other meters.
 */
class MicrometerIT extends RedisBackedTest {

    private static final String CACHE = "AuthorRepository.findById";
    private static BootApp app;

    @BeforeAll
    static void start() throws Exception {
        Path rules = Path.of(MicrometerIT.class.getResource("/boot-app/cachet.properties").getPath());
        app = BootApp.start(AgentJvm.builder().agentArgs("config=" + rules).redis(redis, "mm").sysProp("cachet.redis.timeout", "2s"));
        app.jvm().awaitConnected();
        twoMissesTwoHits(app, "mm", CACHE, "/authors/");
    }

    /**
     * Two misses and two hits of one cache ({@code path} 1, 1, 1, 2), each entry awaited in Redis
     * before it is read again; the answers, in order. The cache is a repository's
     * {@code findById(ID)}, erased to {@code Object}: a Long key part carries its type.
     */
    static List<String> twoMissesTwoHits(BootApp app, String prefix, String cache, String path) throws Exception {
        List<String> answers = new ArrayList<>();
        answers.add(app.get(path + 1));
        awaitKey(prefix + ":cachet:" + cache + ":1L");
        answers.add(app.get(path + 1));
        answers.add(app.get(path + 1));
        answers.add(app.get(path + 2));
        awaitKey(prefix + ":cachet:" + cache + ":2L");
        return answers;
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theActuatorsCacheGetsCountsCachetsHitsAndMissesExactly() throws Exception {
        assertThat(count("/actuator/metrics/cache.gets?tag=cache:" + CACHE)).isEqualTo(4);
        assertThat(count("/actuator/metrics/cache.gets?tag=cache:" + CACHE + "&tag=result:hit")).isEqualTo(2);
        assertThat(count("/actuator/metrics/cache.gets?tag=cache:" + CACHE + "&tag=result:hit&tag=tier:l2")).isEqualTo(2);
        assertThat(count("/actuator/metrics/cache.gets?tag=cache:" + CACHE + "&tag=result:miss")).isEqualTo(2);
        assertThat(app.get("/actuator/metrics/cache.gets")).contains("\"tag\":\"tier\"", "\"l1\"", "\"l2\"", "\"none\"");
    }

    @Test
    void prometheusShowsMicrometersCacheConventionsAndCachetsOwnMeters() throws Exception {
        String cache = "cache=\"" + CACHE + "\"";
        Awaitility.await("both entries counted as stored").atMost(Duration.ofSeconds(10))
                .until(() -> value(app.get("/actuator/prometheus"), "cache_puts_total", cache) == 2);
        String scrape = app.get("/actuator/prometheus");
        assertThat(value(scrape, "cache_gets_total", cache, "result=\"hit\"", "tier=\"l2\"")).isEqualTo(2);
        assertThat(value(scrape, "cache_gets_total", cache, "result=\"hit\"", "tier=\"l1\"")).isZero();
        assertThat(value(scrape, "cache_gets_total", cache, "result=\"miss\"")).isEqualTo(2);
        assertThat(value(scrape, "cache_loads_seconds_count", cache, "result=\"success\"")).isEqualTo(2);
        assertThat(value(scrape, "cache_evictions_total", cache)).isZero();
        assertThat(value(scrape, "cachet_calls_total", cache)).isEqualTo(4);
        assertThat(value(scrape, "cachet_bypasses_total", cache)).isZero();
        assertThat(value(scrape, "cachet_stale_entries_total", cache)).isZero();
        assertThat(value(scrape, "cachet_stampede_waits_total", cache)).isZero();
        assertThat(value(scrape, "cachet_errors_total", cache, "kind=\"redis\"")).isZero();
        assertThat(value(scrape, "cachet_circuit_open")).isZero();
        assertThat(scrape).containsPattern("(?m)^cachet_time_saved_seconds\\{" + Pattern.quote(cache) + "} [0-9.E-]+$")
                .containsPattern("(?m)^cachet_load_p99_seconds\\{" + Pattern.quote(cache) + "} [0-9.E-]+$")
                .as("the application's own meters beside them").contains("jvm_memory_used_bytes");
        // Every other cache of the rules is there too, at zero.
        assertThat(value(scrape, "cache_gets_total", "cache=\"AuthorRepository.findByName\"", "result=\"miss\"")).isZero();
    }

    private static long count(String path) throws Exception {
        return count(app, path);
    }

    /** The COUNT statistic of an actuator metric's answer. */
    static long count(BootApp app, String path) throws Exception {
        Matcher m = Pattern.compile("\"statistic\":\"COUNT\",\"value\":([0-9.E]+)").matcher(app.get(path));
        assertThat(m.find()).as(path + " has a COUNT").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    static long value(String scrape, String name, String... labels) {
        Long found = null;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                assertThat(found).as("one sample of " + name + " with " + String.join(",", labels)).isNull();
                found = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(found).as(name + " with " + String.join(",", labels) + " in\n" + scrape).isNotNull();
        return found;
    }
}
