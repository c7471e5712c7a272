package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.Http;
import io.cachet.it.support.RawHttp;
import io.cachet.it.support.SlowClients;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 13: slowloris. Connections that never finish their request (trickling a
 * header line a second) or never send one must not stop {@code /metrics} from answering, and
 * the server must close them: a bounded time to read a request's head, a bounded idle time, and
 * bounded connections per client and in all.
 */
class StatusPortSlowlorisIT {

    private static AgentJvm app;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        port = Http.freePort();
        app = AgentJvm.builder().sysProp("cachet.metrics.port", String.valueOf(port)).start();
        app.awaitLog("metrics on http://");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void threeHundredSlowConnectionsDoNotStopMetricsAndAreClosed() {
        String start = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n";
        try (SlowClients slow = SlowClients.open(port, 300, start, true)) {
            List<String> scrapes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                RawHttp.Response r = RawHttp.send(port, "GET", "/metrics", null, 5_000, "Host", "127.0.0.1:" + port);
                scrapes.add(r.status() == 200 ? "200" : r.toString());
            }
            assertThat(scrapes).as("4 scrapes of /metrics (5 s each) while 300 slow connections were open").containsOnly("200");
            // All from one address: the server keeps at most its per-client bound of them (16).
            assertThat(slow.stillOpen()).as("slow connections from 127.0.0.1 still held open").isLessThanOrEqualTo(16);
            Awaitility.await("every slow connection closed by the server").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(slow.stillOpen())
                            .as("slow connections still open (each trickles a header line a second)").isZero());
        }
    }

    @Test
    void idleConnectionsAreClosed() {
        try (SlowClients idle = SlowClients.open(port, 10, "", false)) {
            Awaitility.await("every idle connection closed by the server").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(idle.stillOpen())
                            .as("connections that never sent a byte, still open").isZero());
            assertThat(RawHttp.get(port, "/metrics", "127.0.0.1:" + port).status()).isEqualTo(200);
        }
    }
}
