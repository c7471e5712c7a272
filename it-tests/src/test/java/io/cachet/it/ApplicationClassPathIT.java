package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import org.junit.jupiter.api.Test;

/**
 * A forked application sees what a real one would: its own classes, the annotations and the
 * libraries its test names, never the test's JUnit, Testcontainers, Byte Buddy or H2.
 */
class ApplicationClassPathIT {

    @Test
    void anApplicationSeesNoneOfTheTestsLibraries() {
        try (AgentJvm app = AgentJvm.builder().withoutAgent().start()) {
            for (String testLibrary : new String[] {"org.junit.jupiter.api.Test", "org.testcontainers.Testcontainers",
                    "org.awaitility.Awaitility", "net.bytebuddy.ByteBuddy", "org.h2.Driver", "io.cachet.it.support.AgentJvm"}) {
                assertThat(app.call("visible " + testLibrary)).as(testLibrary).isEqualTo("false <Boolean>");
            }
            assertThat(app.call("visible io.cachet.annotations.Cached")).isEqualTo("true <Boolean>");
        }
    }

    @Test
    void aLibraryTheTestNamesIsThere() {
        try (AgentJvm app = AgentJvm.builder().withoutAgent().libraries("h2").start()) {
            assertThat(app.call("visible org.h2.Driver")).isEqualTo("true <Boolean>");
            assertThat(app.call("visible org.junit.jupiter.api.Test")).isEqualTo("false <Boolean>");
        }
    }
}
