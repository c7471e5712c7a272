package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultProxy;
import io.cachet.it.support.RedisResp;
import io.cachet.it.support.TestRedis;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 2: a Redis fault costs a call at most the timeout, and after repeated faults
 * nearly nothing; every call still returns the right value; caching resumes by itself.
 *
 * <p>The latency bound asserted here is deliberately loose (ten times the 100 ms timeout): it
 * catches a call that waits for Redisson's own multi-second timeouts or hangs, without turning
 * a busy CI machine into a flaky test. The figures themselves belong in the benchmarks.
 */
class FailOpenIT {

    private static final Pattern REPEAT = Pattern.compile("slowestMs=(\\d+) over50ms=(\\d+) results=\\[(.*)]");

    private static long slowestMs(String repeatReply) {
        return repeatFigure(repeatReply, 1);
    }

    private static long callsOver50ms(String repeatReply) {
        return repeatFigure(repeatReply, 2);
    }

    private static long repeatFigure(String repeatReply, int group) {
        Matcher m = REPEAT.matcher(repeatReply);
        assertThat(m.matches()).as(repeatReply).isTrue();
        return Long.parseLong(m.group(group));
    }

    /** Calls {@code call} until its entry appears in Redis again. */
    private static void awaitCachingResumes(AgentJvm app, TestRedis redis, String call, String key) {
        try (RedisResp resp = redis.client()) {
            Awaitility.await("caching resumes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        app.call(call);
                        return resp.exists(key);
                    });
        }
    }

    @Test
    void aHungRedisCostsACallAtMostTheTimeoutAndThenTheCircuitOpens() {
        try (TestRedis redis = TestRedis.start();
             FaultProxy proxy = new FaultProxy(redis.host, redis.port);
             AgentJvm app = AgentJvm.builder().sysProp("cachet.redis.address", proxy.address())
                     .sysProp("cachet.key.prefix", "hung").start().awaitConnected()) {
            assertThat(app.call("square 7")).isEqualTo("49 <Integer>");
            proxy.blackhole();
            String reply = app.call("repeat 200 square 8");
            assertThat(reply).endsWith("results=[64 <Integer>]");
            // Each call that still tries Redis waits its 100 ms deadline; after 5 in a row the
            // circuit opens and calls skip Redis, but for one probe a second.
            assertThat(slowestMs(reply)).isLessThan(1_000);
            assertThat(callsOver50ms(reply)).as(reply).isBetween(5L, 15L);
            assertThat(app.count("square")).isEqualTo(201);
            proxy.pass();
            awaitCachingResumes(app, redis, "square 9", "hung:cachet:Catalog.square:9");
        }
    }

    @Test
    void redisAbsentAtStartCostsNothingAndNeverFailsACall() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (AgentJvm app = AgentJvm.builder().sysProp("cachet.redis.address", "redis://127.0.0.1:" + closedPort).start()) {
            app.awaitLog("cannot connect to Redis");
            String reply = app.call("repeat 200 slow abc");
            assertThat(reply).endsWith("results=[ABC <String>]");
            assertThat(slowestMs(reply)).isLessThan(1_000);
            assertThat(app.count("slow")).as("fail-open: every call ran the method").isEqualTo(200);
        }
    }

    @Test
    void redisKilledMidRunFailsOpenAndCachingResumesWhenItIsBack() {
        TestRedis redis = TestRedis.start();
        assumeTrue(redis.canRestart(), "needs a Redis this test can kill: " + redis.kind());
        try (redis; RedisResp resp = redis.client();
             AgentJvm app = AgentJvm.builder().redis(redis, "failopen").start().awaitConnected()) {
            assertThat(app.call("slow x")).isEqualTo("X <String>");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> resp.exists("failopen:cachet:Catalog.slow:x"));
            assertThat(app.call("slow x")).isEqualTo("X <String>");
            assertThat(app.count("slow")).isEqualTo(1);

            redis.kill();
            String reply = app.call("repeat 100 slow y");
            assertThat(reply).endsWith("results=[Y <String>]");
            assertThat(slowestMs(reply)).isLessThan(1_000);
            assertThat(app.count("slow")).isEqualTo(101);
            assertThat(app.logText()).contains("calls run uncached until it answers again");

            redis.restart();
            awaitCachingResumes(app, redis, "slow z", "failopen:cachet:Catalog.slow:z");
            int before = app.count("slow");
            assertThat(app.call("slow z")).isEqualTo("Z <String>");
            assertThat(app.count("slow")).as("a hit again").isEqualTo(before);
            assertThat(app.logText()).contains("caching resumed").doesNotContain("Exception in thread");
        }
    }
}
