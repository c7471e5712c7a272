package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisResp;
import io.cachet.it.support.TestRedis;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The agent's libraries are relocated and loaded in their own class loader: an application with
 * different versions of Netty and Kryo runs with the agent, both libraries work, caching works,
 * and the agent's classes are invisible to the application.
 */
class IsolationIT {

    @Test
    void anApplicationWithItsOwnNettyAndKryoRunsWithTheAgent() {
        try (TestRedis redis = TestRedis.start();
             AgentJvm app = AgentJvm.builder().redis(redis, "isolation")
                     .libraries("netty-buffer", "netty-common", "kryo", "reflectasm", "asm", "minlog", "objenesis")
                     .mainClass("io.cachet.it.apps.isolation.OwnLibrariesApp").start()) {
            app.awaitConnected();
            assertThat(app.call("go")).isEqualTo("first done");
            try (RedisResp resp = redis.client()) {
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> resp.exists("isolation:cachet:OwnLibrariesApp.lookup:k"));
            }
            String out = app.call("again");
            assertThat(app.waitForExit()).as(app.logText()).isZero();
            assertThat(out).contains("kryo=kryo-4.0.3.jar", "roundtrip=[own, kryo]", "netty=4.1.118.Final", "buf=own netty",
                    "agentKryoVisible=false", "agentCoreVisible=false");
            assertThat(out).as("cached: the method ran once")
                    .contains("first=k#1 second=k#1 runs=1");
            assertThat(app.logText()).contains("caching io.cachet.it.apps.isolation.OwnLibrariesApp#lookup(String)");
        }
    }
}
