package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void duringTheWindowCallersGetTheOldValueAtOnceAndOneBackgroundReloadRuns() throws Exception {
        try (AgentJvm a = jvm("swr", "reload.gated", "true"); AgentJvm b = jvm("swr", "reload.gated", "true")) {
            assertThat(a.call("storm revalidated k 1")).contains("runs=1 results=[k#1]");
            awaitKey("swr:cachet:Loader.revalidated:k");
            // Stale once older than its 1 s TTL: its server-side TTL (1 s + 30 s window) then
            // has less than the window left.
            Awaitility.await("the entry is past its TTL").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> resp.pttl("swr:cachet:Loader.revalidated:k") < 29_900);

            // The reload cannot finish before the gate opens: storms that come back meanwhile
            // were served without waiting for it (a caller that waited would hold its storm).
            for (AgentJvm jvm : new AgentJvm[] {a, b}) {
                String storm = CompletableFuture.supplyAsync(() -> jvm.call("storm revalidated k 20"))
                        .get(20, TimeUnit.SECONDS);
                // runs counts this JVM's runs during the storm: at most the background reload.
                assertThat(storm).matches("runs=[01] results=\\[k#1] errors=\\[].*");
            }
            Awaitility.await("the background reload, held at the gate").atMost(Duration.ofSeconds(10))
                    .until(() -> a.count("revalidated") + b.count("revalidated") == 2);
            a.call("openGate");
            b.call("openGate");
            Awaitility.await("the reloaded value").atMost(Duration.ofSeconds(10))
                    .until(() -> a.call("storm revalidated k 1").contains("results=[k#2]"));
            assertThat(a.count("revalidated") + b.count("revalidated")).as("one reload for the cluster").isEqualTo(2);
        }
    }

    /**
     * Counts misses, not latencies. On loaded machines it saw 8-14 calls after warm-up run the
     * load themselves, from three causes now fixed: a reload whose counter read timed out ran
     * uncached and kept its lease (no reload could take the key for the lease's 10 s), a reload
     * whose lease SET timed out was dropped, and a caller that joined the key's flight while its
     * leader had not yet started the load ran the method itself (SingleFlightTest).
     */
    @Test
    void earlyRefreshKeepsAHotKeyFromEverMissing() {
        try (AgentJvm app = jvm("xfetch", "cachet.cache.hot.method", "io.cachet.it.apps.stampede.Loader#hot",
                "cachet.cache.hot.early-refresh-beta", "1")) {
            String reply = app.call("steady k 20 4");
            System.out.println("[it] early refresh, 20 s of 4 threads on one key (ttl 2 s, 200 ms load): " + reply);
            Matcher m = Pattern.compile("calls=(\\d+) runs=(\\d+) missedAfterWarmup=(\\d+)").matcher(reply);
            assertThat(m.matches()).as(reply).isTrue();
            assertThat(Long.parseLong(m.group(3))).as("calls after warm-up that ran the load themselves (a miss)").isZero();
            assertThat(Integer.parseInt(m.group(2))).as("about once per TTL (10 in 20 s) and a few early ones, not once per caller").isBetween(8, 40);
            assertThat(Long.parseLong(m.group(1))).isGreaterThan(1_000);
        }
    }
}
