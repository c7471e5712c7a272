package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Avoiding the miss altogether: stale-while-revalidate and probabilistic early refresh. */
class RefreshIT extends RedisBackedTest {

    private static AgentJvm jvm(String prefix, String... sysProps) {
        AgentJvm.Builder b = AgentJvm.builder().redis(redis, prefix).mainClass("io.cachet.it.apps.stampede.StampedeApp");
        for (int i = 0; i < sysProps.length; i += 2) {
            b.sysProp(sysProps[i], sysProps[i + 1]);
        }
        return b.start().awaitConnected();
    }

    @Test
    void duringTheWindowCallersGetTheOldValueAtOnceAndOneBackgroundReloadRuns() {
        try (AgentJvm a = jvm("swr"); AgentJvm b = jvm("swr")) {
            assertThat(a.call("storm revalidated k 1")).contains("runs=1 results=[k#1]");
            awaitKey("swr:cachet:Loader.revalidated:k");
            // Stale once older than its 1 s TTL: its server-side TTL (1 s + 30 s window) then
            // has less than the window left.
            Awaitility.await("the entry is past its TTL").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> resp.pttl("swr:cachet:Loader.revalidated:k") < 29_900);

            String stormA = a.call("storm revalidated k 20");
            String stormB = b.call("storm revalidated k 20");
            for (String storm : new String[] {stormA, stormB}) {
                // runs counts this JVM's runs during the storm: at most the background reload.
                assertThat(storm).matches("runs=[01] results=\\[k#1] errors=\\[].*");
                assertThat(slowestMs(storm)).as("a hit's latency, not the 300 ms load: " + storm).isLessThan(150);
            }
            Awaitility.await("the background reload").atMost(Duration.ofSeconds(10))
                    .until(() -> a.count("revalidated") + b.count("revalidated") == 2);
            Awaitility.await("the reloaded value").atMost(Duration.ofSeconds(10))
                    .until(() -> a.call("storm revalidated k 1").contains("results=[k#2]"));
            assertThat(a.count("revalidated") + b.count("revalidated")).as("one reload for the cluster").isEqualTo(2);
        }
    }

    @Test
    void earlyRefreshKeepsAHotKeyFromEverMissing() {
        try (AgentJvm app = jvm("xfetch", "cachet.cache.hot.method", "io.cachet.it.apps.stampede.Loader#hot",
                "cachet.cache.hot.early-refresh-beta", "1")) {
            String reply = app.call("steady k 20 4");
            System.out.println("[it] early refresh, 20 s of 4 threads on one key (ttl 2 s, 200 ms load): " + reply);
            Matcher m = Pattern.compile("calls=(\\d+) runs=(\\d+) slowAfterWarmup=(\\d+)").matcher(reply);
            assertThat(m.matches()).as(reply).isTrue();
            assertThat(Long.parseLong(m.group(3))).as("no call after warm-up waited for a load").isZero();
            assertThat(Integer.parseInt(m.group(2))).as("about once per TTL (10 in 20 s) and a few early ones, not once per caller").isBetween(8, 40);
            assertThat(Long.parseLong(m.group(1))).isGreaterThan(1_000);
        }
    }

    private static long slowestMs(String storm) {
        Matcher m = Pattern.compile(".*slowestMs=(\\d+)").matcher(storm);
        assertThat(m.matches()).as(storm).isTrue();
        return Long.parseLong(m.group(1));
    }
}
