package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.Http;
import io.cachet.it.support.RawHttp;
import io.cachet.it.support.RawHttp.Response;
import io.cachet.it.support.RedisNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 12: DNS rebinding. A page on {@code evil.example} whose name the attacker
 * re-points at 127.0.0.1 talks to the status port as a same-origin page: its requests carry
 * {@code Host: evil.example:PORT} (and, for a POST, a matching {@code Origin}), and it can add
 * {@code X-Cachet-Admin}. The port must refuse any request whose {@code Host} (or
 * {@code Origin}) does not name the address it is bound to, with a 403 that says why; on a
 * loopback bind, reads too (statistics are for this machine's scraper, not for a web page).
 */
class StatusPortRebindingIT {

    private static RedisNode redis;
    private static AgentJvm app;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisNode.start("rebinding");
        port = Http.freePort();
        app = AgentJvm.builder().redis(redis.address(), "rebind")
                .sysProp("cachet.metrics.port", String.valueOf(port)).sysProp("cachet.admin.enabled", "true").start().awaitConnected();
        app.awaitLog("metrics on http://");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static Response evict(String tag, String... headers) {
        return RawHttp.send(port, "POST", "/api/evict", "tag=" + tag, 5_000, headers);
    }

    /** Whether ops.price(id) is still served from its entry: a call that does not run its body. */
    private static boolean stillCached(long id) {
        int before = app.count("ops.price");
        app.call("ops.price " + id);
        return app.count("ops.price") == before;
    }

    @Test
    void anEvictionFromARebindingPageIsRefusedSayingWhy() {
        app.call("ops.price 1");
        assertThat(stillCached(1)).isTrue();
        Response r = evict("ops:1", "Host", "evil.example:" + port, "Origin", "http://evil.example:" + port, "X-Cachet-Admin", "evict");
        assertThat(r.status()).as("POST /api/evict with Host and Origin evil.example:%d: %s", port, r).isEqualTo(403);
        assertThat(r.body()).contains("Host").contains("evil.example");
        assertThat(stillCached(1)).as("ops.price(1) still cached after the refused eviction").isTrue();
    }

    @Test
    void anOriginOfAnotherSiteIsRefusedEvenWithTheRightHost() {
        app.call("ops.price 2");
        Response r = evict("ops:2", "Host", "127.0.0.1:" + port, "Origin", "http://evil.example:" + port, "X-Cachet-Admin", "evict");
        assertThat(r.status()).as("POST with Origin evil.example: %s", r).isEqualTo(403);
        assertThat(r.body()).contains("Origin");
        Response sandboxed = evict("ops:2", "Host", "127.0.0.1:" + port, "Origin", "null", "X-Cachet-Admin", "evict");
        assertThat(sandboxed.status()).as("POST with Origin null (a sandboxed frame): %s", sandboxed).isEqualTo(403);
        assertThat(stillCached(2)).isTrue();
    }

    @Test
    void aChangeMustNameThisServerInHost() {
        app.call("ops.price 3");
        Response r = RawHttp.send(port, "POST", "/api/evict", "tag=ops:3", 5_000, "X-Cachet-Admin", "evict");
        assertThat(r.status()).as("POST without a Host header: %s", r).isIn(400, 403);
        assertThat(stillCached(3)).isTrue();
    }

    @Test
    void theOperatorsOwnRequestsStillWork() {
        app.call("ops.price 4");
        Response byAddress = evict("ops:4", "Host", "127.0.0.1:" + port, "Origin", "http://127.0.0.1:" + port, "X-Cachet-Admin", "evict");
        assertThat(byAddress.status()).as("%s", byAddress).isEqualTo(200);
        assertThat(stillCached(4)).as("evicted").isFalse();
        Response byName = evict("ops:4", "Host", "localhost:" + port, "X-Cachet-Admin", "evict");
        assertThat(byName.status()).as("Host localhost on a loopback bind: %s", byName).isEqualTo(200);
        assertThat(RawHttp.get(port, "/metrics", "127.0.0.1:" + port).status()).isEqualTo(200);
        assertThat(RawHttp.get(port, "/", "localhost:" + port).status()).isEqualTo(200);
    }

    @Test
    void readsFromARebindingPageAreRefusedOnALoopbackBind() {
        for (String path : new String[] {"/metrics", "/api/caches", "/"}) {
            Response r = RawHttp.get(port, path, "evil.example:" + port);
            assertThat(r.status()).as("GET %s with Host evil.example: %s", path, r).isEqualTo(403);
        }
    }
}
