package io.cachet.it;

import static io.cachet.it.MicrometerIT.count;
import static io.cachet.it.MicrometerIT.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.BootApp;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MicrometerIT on the oldest line the meters are written for: Spring Boot 2.7 with Micrometer
 * 1.9, its Prometheus registry on the older simpleclient, the Boot 2 launcher and a Spring Data
 * 2.7 repository on Hibernate 5.6. The same counts, exactly.
 */
class MicrometerOnBoot2IT extends RedisBackedTest {

    private static final String CACHE = "QuoteRepository.findById";
    private static BootApp app;

    @BeforeAll
    static void start() throws Exception {
        Path rules = Path.of(MicrometerOnBoot2IT.class.getResource("/boot2-app/cachet.properties").getPath());
        app = BootApp.start(BootApp.boot2Jar(), AgentJvm.builder().agentArgs("config=" + rules).redis(redis, "b2")
                .sysProp("cachet.redis.timeout", "2s"));
        app.jvm().awaitConnected();
        assertThat(MicrometerIT.twoMissesTwoHits(app, "b2", CACHE, "/quotes/"))
                .containsExactly("ACME=1250", "ACME=1250", "ACME=1250", "INIT=990");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theActuatorsCacheGetsCountsCachetsHitsAndMissesExactly() throws Exception {
        assertThat(count(app, "/actuator/metrics/cache.gets?tag=cache:" + CACHE)).isEqualTo(4);
        assertThat(count(app, "/actuator/metrics/cache.gets?tag=cache:" + CACHE + "&tag=result:hit&tag=tier:l2")).isEqualTo(2);
        assertThat(count(app, "/actuator/metrics/cache.gets?tag=cache:" + CACHE + "&tag=result:miss")).isEqualTo(2);
    }

    @Test
    void prometheusShowsTheCacheConventionsAndCachetsOwnMeters() throws Exception {
        String cache = "cache=\"" + CACHE + "\"";
        Awaitility.await("both entries counted as stored").atMost(Duration.ofSeconds(10))
                .until(() -> value(app.get("/actuator/prometheus"), "cache_puts_total", cache) == 2);
        String scrape = app.get("/actuator/prometheus");
        assertThat(value(scrape, "cache_gets_total", cache, "result=\"hit\"", "tier=\"l2\"")).isEqualTo(2);
        assertThat(value(scrape, "cache_gets_total", cache, "result=\"miss\"")).isEqualTo(2);
        assertThat(value(scrape, "cache_loads_seconds_count", cache, "result=\"success\"")).isEqualTo(2);
        assertThat(value(scrape, "cachet_calls_total", cache)).isEqualTo(4);
        assertThat(value(scrape, "cachet_circuit_open")).isZero();
        assertThat(scrape).as("the application's own meters beside them").contains("jvm_memory_used_bytes");
    }
}
