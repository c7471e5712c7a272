package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * agentmain: loaded into a running JVM whose cached class is already loaded and in use, the
 * agent retransforms it (possible because the advice changes no class format) and caching
 * starts without a restart.
 */
class AttachIT extends RedisBackedTest {

    @Test
    void attachingToARunningJvmCachesAnAlreadyLoadedClass() throws Exception {
        try (AgentJvm app = AgentJvm.builder().withoutAgent()
                .jvmArg("-XX:+IgnoreUnrecognizedVMOptions").jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            assertThat(app.call("describe 1")).isEqualTo("item-1#1 <String>");
            assertThat(app.call("describe 1")).as("no agent yet: the method runs").isEqualTo("item-1#2 <String>");

            VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
            try {
                vm.loadAgent(Path.of(System.getProperty("cachet.it.agent")).toAbsolutePath().toString(),
                        "redis.address=" + redis.address() + ",key.prefix=attach");
            } finally {
                vm.detach();
            }
            app.awaitLog("loaded classes retransformed");
            app.awaitConnected();

            assertThat(app.call("describe 1")).isEqualTo("item-1#3 <String>");
            awaitKey("attach:cachet:Catalog.describe:1");
            assertThat(app.call("describe 1")).as("cached after attach").isEqualTo("item-1#3 <String>");
            assertThat(app.count("describe")).isEqualTo(3);
        }
    }
}
