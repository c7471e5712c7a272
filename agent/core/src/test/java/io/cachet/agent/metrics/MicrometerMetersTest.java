package io.cachet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cachet's statistics as meters of Micrometer 1.9 (the oldest supported) in its global registry. */
class MicrometerMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void removeRegistry() {
        Metrics.removeRegistry(registry);
    }

    @Test
    void cacheConventionsAndCachetsOwnAreFunctionsOfTheCounters() {
        CacheStats s = AgentMetrics.forCache("micrometer-test");
        s.hit(Tier.L1);
        s.hit(Tier.L2);
        s.hit(Tier.L2);
        s.miss();
        s.loaded(TimeUnit.MILLISECONDS.toNanos(4));
        s.stored(100);
        s.bypass();
        s.error(ErrorKind.CODEC);
        MicrometerMeters.bindIn(getClass().getClassLoader());
        // Registered in the global registry before the application's registry joins it, as under Spring Boot.
        Metrics.addRegistry(registry);

        assertThat(gets("hit", "l1")).isEqualTo(1);
        assertThat(gets("hit", "l2")).isEqualTo(2);
        assertThat(gets("miss", "none")).isEqualTo(1);
        assertThat(registry.get("cache.puts").tag("cache", "micrometer-test").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("cache.loads").tag("cache", "micrometer-test").functionTimer().count()).isEqualTo(1);
        assertThat(registry.get("cache.loads").tag("cache", "micrometer-test").functionTimer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(4);
        assertThat(registry.get("cachet.bypasses").tag("cache", "micrometer-test").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("cachet.errors").tags("cache", "micrometer-test", "kind", "codec").functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("cachet.time.saved").tag("cache", "micrometer-test").gauge().value()).isPositive();
        assertThat(registry.get("cachet.circuit.open").gauge().value()).isZero();

        s.hit(Tier.L2);
        assertThat(gets("hit", "l2")).as("read at each scrape").isEqualTo(3);
    }

    @Test
    void bindingAgainRegistersOnlyCachesNotYetRegistered() {
        AgentMetrics.forCache("micrometer-first");
        MicrometerMeters.bindIn(getClass().getClassLoader());
        int meters = Metrics.globalRegistry.getMeters().size();
        MicrometerMeters.bindIn(getClass().getClassLoader());
        assertThat(Metrics.globalRegistry.getMeters()).hasSize(meters);
        AgentMetrics.forCache("micrometer-later");
        MicrometerMeters.bindIn(getClass().getClassLoader());
        assertThat(Metrics.globalRegistry.find("cache.gets").tag("cache", "micrometer-later").meters()).hasSize(3);
    }

    private double gets(String result, String tier) {
        return registry.get("cache.gets").tags("cache", "micrometer-test", "result", result, "tier", tier).functionCounter().count();
    }
}
