package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.TestRedis;
import org.junit.jupiter.api.Test;

/**
 * The agent writes nothing into the application's output but its own {@code [cachet]} lines:
 * no JVM warnings (class-data sharing, sun.misc.Unsafe on JDK 24+), no SLF4J provider notices,
 * no stack traces, on the JDK the forked JVMs run on.
 */
class QuietIT {

    @Test
    void onlyCachetLinesReachStandardError() {
        try (TestRedis redis = TestRedis.start();
             AgentJvm app = AgentJvm.builder().redis(redis, "quiet").start().awaitConnected()) {
            for (String call : new String[] {"describe 1", "describe 1", "item 2", "later x", "price p", "digits 12"}) {
                app.call(call);
            }
            app.close();
            assertThat(app.log()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("[cachet] "));
        }
    }

    /**
     * An application may pick its {@code java.util.logging} manager in {@code main}; the agent
     * must not have initialised {@code LogManager} before (Caffeine's first cache would, through
     * the JDK's default {@code System.Logger}), in local mode or with a near cache on Redis.
     */
    @Test
    void theApplicationStillChoosesItsJavaUtilLoggingManager() {
        try (TestRedis redis = TestRedis.start()) {
            for (AgentJvm.Builder agent : new AgentJvm.Builder[] {AgentJvm.builder(), AgentJvm.builder().redis(redis, "jul")}) {
                try (AgentJvm app = agent.mainClass("io.cachet.it.apps.logging.JulApp").start()) {
                    assertThat(app.readLine()).isEqualTo("manager AppLogManager");
                    assertThat(app.readLine()).isEqualTo("manager AppLogManager");
                }
            }
        }
    }
}
