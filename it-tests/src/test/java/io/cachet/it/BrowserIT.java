package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.Browser;
import io.cachet.it.support.Http;
import io.cachet.it.support.Jmx;
import io.cachet.it.support.RedisBackedTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser (headless Chromium) against a running application: the
 * numbers it shows are the JMX beans' numbers, and its evict buttons evict in Redis.
 */
class BrowserIT extends RedisBackedTest {

    @Test
    void thePageShowsTheJmxNumbersAndItsButtonsEvict() throws Exception {
        assumeTrue(Browser.installed(), "needs " + Browser.CHROMIUM + " and " + Browser.CHROMEDRIVER
                + " (Debian packages chromium and chromium-driver; .ci/run installs them)");
        int port = Http.freePort();
        try (AgentJvm app = AgentJvm.builder().redis(redis, "browser")
                .sysProp("cachet.metrics.port", String.valueOf(port)).sysProp("cachet.admin.enabled", "true")
                .jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            app.awaitConnected();
            app.call("ops.price 1");
            awaitKey("browser:cachet:Ops.price:1");
            app.call("ops.price 1");
            app.call("ops.price 1");
            app.call("ops.slow 1");
            app.awaitLog("metrics on http://127.0.0.1:" + port);

            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.price").awaitCache("Ops.slow");
                 Browser browser = Browser.start()) {
                browser.open("http://127.0.0.1:" + port + "/");
                for (String cache : new String[] {"Ops.price", "Ops.slow"}) {
                    String row = "tr[data-cache='" + cache + "'] ";
                    assertThat(browser.text(row + "td.calls")).isEqualTo(String.valueOf(jmx.counter(cache, "Calls")));
                    assertThat(browser.text(row + "td.hitsL2")).isEqualTo(String.valueOf(jmx.counter(cache, "HitsL2")));
                    assertThat(browser.text(row + "td.misses")).isEqualTo(String.valueOf(jmx.counter(cache, "Misses")));
                    assertThat(browser.text(row + "td.hitRatio")).isEqualTo(fixed(100 * (Double) jmx.attribute(cache, "HitRatio"), 1) + "%");
                    assertThat(browser.text(row + "td.timeSaved")).isEqualTo(fixed((Double) jmx.attribute(cache, "TimeSavedSeconds"), 3) + " s");
                    assertThat(browser.text(row + "td.loadP50")).isEqualTo(fixed((Double) jmx.attribute(cache, "LoadTimeP50Millis"), 3) + " ms");
                    assertThat(browser.text(row + "td.loadP99")).isEqualTo(fixed((Double) jmx.attribute(cache, "LoadTimeP99Millis"), 3) + " ms");
                    assertThat(browser.text(row + "td.errors")).isEqualTo("0");
                }
                assertThat(browser.text("tr[data-cache='Ops.price'] td.calls")).isEqualTo("3");
                assertThat(browser.text("tr[data-cache='Ops.price'] td.hitRatio")).isEqualTo("66.7%");

                // Counters start at a random base (the cache's was created by the first read): a bump adds one.
                long cacheCounter = Long.parseLong(string(resp.getBytes("browser:cachet-v:cache:Ops.price")));
                browser.click("tr[data-cache='Ops.price'] button.evict");
                Awaitility.await("the cache's counter bumped in Redis").atMost(Duration.ofSeconds(10))
                        .until(() -> String.valueOf(cacheCounter + 1).equals(string(resp.getBytes("browser:cachet-v:cache:Ops.price"))));
                assertThat(browser.text("#status")).isEqualTo("evicted every entry of Ops.price");
                app.call("ops.price 1");
                assertThat(app.count("ops.price")).as("the evicted entry is no longer served").isEqualTo(2);

                browser.type("#tag", "ops:1");
                browser.click("#evictTag");
                Awaitility.await("the tag's counter bumped in Redis").atMost(Duration.ofSeconds(10))
                        .until(() -> resp.getBytes("browser:cachet-v:tag:ops:1") != null);
                assertThat(browser.text("#status")).isEqualTo("evicted tag ops:1");
                app.call("ops.price 1");
                assertThat(app.count("ops.price")).isEqualTo(3);
            }
        }
    }

    /** What JavaScript's {@code toFixed} shows for a value that is not halfway between two (bucket bounds never are). */
    private static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
