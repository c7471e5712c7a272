package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.Jmx;
import io.cachet.it.support.RedisBackedTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Shadow mode proves, before a method is trusted to the cache, whether caching it changes its
 * answers: the method always runs and its real result is returned, and the entry the cache
 * would have served is compared with it.
 */
class ShadowIT extends RedisBackedTest {

    private static AgentJvm.Builder builder(String prefix) {
        // The checks count compared calls exactly, and a read that outlives the 100 ms default
        // (a neighbouring IT class loading the machine) is not compared: that call simply runs.
        // Seen once in a clean-clone run, two classes at a time: ShadowMatches 3 of 4.
        return AgentJvm.builder().redis(redis, prefix).sysProp("cachet.redis.timeout", "2s")
                .jvmArg("-XX:+EnableDynamicAgentLoading");
    }

    private static AgentJvm start(String prefix) {
        return builder(prefix).start().awaitConnected();
    }

    @Test
    void aPureMethodWithoutEqualsShowsNoMismatch() throws Exception {
        try (AgentJvm app = start("shadow-pure")) {
            String first = app.call("ops.pureQuote 3");
            awaitKey("shadow-pure:cachet:Ops.pureQuote:3");
            for (int i = 0; i < 4; i++) {
                assertThat(app.call("ops.pureQuote 3")).isEqualTo(first);
            }
            assertThat(app.count("ops.pureQuote")).as("shadow mode always runs the method").isEqualTo(5);
            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.pureQuote")) {
                assertThat(jmx.counter("Ops.pureQuote", "ShadowMatches")).as("compared field by field, not by identity").isEqualTo(4);
                assertThat(jmx.counter("Ops.pureQuote", "ShadowMismatches")).isZero();
            }
            assertThat(app.logText()).doesNotContain("shadow mismatch");
        }
    }

    @Test
    void aMethodReadingAChangedTableIsCaughtAndStillAnswersTheTruth() throws Exception {
        try (AgentJvm app = start("shadow-table")) {
            app.call("ops.setRow 1 old-row");
            assertThat(app.call("ops.tableQuote 1")).startsWith("Quote(1, old-row)");
            awaitKey("shadow-table:cachet:Ops.tableQuote:1");
            assertThat(app.call("ops.tableQuote 1")).startsWith("Quote(1, old-row)");
            app.call("ops.setRow 1 new-row");
            assertThat(app.call("ops.tableQuote 1")).as("the real result, not the cached one").startsWith("Quote(1, new-row)");
            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.tableQuote")) {
                assertThat(jmx.counter("Ops.tableQuote", "ShadowMatches")).isEqualTo(1);
                assertThat(jmx.counter("Ops.tableQuote", "ShadowMismatches")).isEqualTo(1);
            }
            assertThat(app.awaitLog("shadow mismatch in Ops.tableQuote"))
                    .contains("key shadow-table:cachet:Ops.tableQuote:1", "cached Quote(1, old-row)", "returned Quote(1, new-row)");
        }
    }

    @Test
    void aMethodReadingTheClockMismatchesEveryTimeAndTheLogIsRateLimited() throws Exception {
        try (AgentJvm app = start("shadow-clock")) {
            Set<String> answers = new HashSet<>();
            answers.add(app.call("ops.clock 1"));
            awaitKey("shadow-clock:cachet:Ops.clock:1");
            for (int i = 0; i < 10; i++) {
                answers.add(app.call("ops.clock 1"));
            }
            assertThat(answers).as("every call ran for real").hasSize(11);
            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.clock")) {
                assertThat(jmx.counter("Ops.clock", "ShadowMismatches")).isEqualTo(10);
                assertThat(jmx.counter("Ops.clock", "ShadowMatches")).isZero();
                assertThat((Long) jmx.summary("ShadowMismatches")).isEqualTo(10);
            }
            app.awaitLog("shadow mismatch in Ops.clock");
            assertThat(app.log().stream().filter(l -> l.contains("shadow mismatch in Ops.clock")).count())
                    .as("one sample per minute per cache").isEqualTo(1);
        }
    }

    @Test
    void verifySampleComparesAboutTheConfiguredShareOfCalls() throws Exception {
        try (AgentJvm app = start("shadow-sample")) {
            app.call("ops.sampledClock 1");
            awaitKey("shadow-sample:cachet:Ops.sampledClock:1");
            for (int i = 0; i < 200; i++) {
                app.call("ops.sampledClock 1");
            }
            long verified = app.count("ops.sampledClock") - 1;
            // verifyRate = 0.5: 100 expected; 50..150 is seven standard deviations either side.
            assertThat(verified).isBetween(50L, 150L);
            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.sampledClock")) {
                assertThat(jmx.counter("Ops.sampledClock", "ShadowMismatches")).as("each verified call saw an older tick")
                        .isEqualTo(verified);
                assertThat(jmx.counter("Ops.sampledClock", "HitsL2")).as("the other calls were served from the cache")
                        .isEqualTo(200 - verified);
            }
        }
    }

    @Test
    void modeCanBeSetByConfigurationForCodeYouCannotEdit() throws Exception {
        try (AgentJvm app = builder("shadow-config")
                .sysProp("cachet.cache.priceShadow.method", "io.cachet.it.apps.Ops#price")
                .sysProp("cachet.cache.priceShadow.mode", "shadow")
                .sysProp("cachet.cache.priceShadow.shadow-equality", "equals")
                .start().awaitConnected()) {
            app.call("ops.price 1");
            awaitKey("shadow-config:cachet:Ops.price:1");
            app.call("ops.price 1");
            assertThat(app.count("ops.price")).isEqualTo(2);
            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.price")) {
                assertThat(jmx.counter("Ops.price", "ShadowMismatches")).as("the body returns its run count: it differs").isEqualTo(1);
            }
        }
    }
}
