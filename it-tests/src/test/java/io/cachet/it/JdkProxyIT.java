package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import org.junit.jupiter.api.Test;

/**
 * A rule naming an interface caches calls through a plain JDK dynamic proxy of it (an
 * {@code InvocationHandler}, no framework), in two JVMs sharing the entries; a proxy forwarding
 * to a class that matches too caches once, at the proxy; a proxy of a JDK interface is left alone.
 */
class JdkProxyIT extends RedisBackedTest {

    private AgentJvm start(String prefix) {
        return AgentJvm.builder().redis(redis, prefix).mainClass("io.cachet.it.apps.proxy.ProxyApp")
                .sysProp("cachet.cache.quotes.method", "io.cachet.it.apps.proxy.Quotes#*")
                .sysProp("cachet.cache.supplier.method", "java.util.function.Supplier#get")
                // Two JVMs start at once on a small machine: a read must not time out into a miss meanwhile.
                .sysProp("cachet.redis.timeout", "2s")
                .start().awaitConnected();
    }

    @Test
    void callsThroughAJdkProxyAreCachedUnderTheInterfacesNameInEveryJvm() {
        try (AgentJvm first = start("jdkproxy"); AgentJvm second = start("jdkproxy")) {
            assertThat(first.call("proxyClass")).as("a proxy class in the JDK's proxy package").matches("jdk\\.proxy\\d+\\.\\$Proxy\\d+");
            assertThat(first.call("quote abc")).isEqualTo("quote:abc");
            awaitKey("jdkproxy:cachet:Quotes.quote:abc");
            assertThat(first.call("quote abc")).isEqualTo("quote:abc");
            assertThat(first.count("handler.quote")).as("the second call is a hit").isEqualTo(1);

            assertThat(second.call("quote abc")).as("the other JVM's proxy class has its own name, and the same entry").isEqualTo("quote:abc");
            assertThat(second.count("handler.quote")).isZero();

            assertThat(first.call("price 7")).isEqualTo("Optional[700]");
            awaitKey("jdkproxy:cachet:Quotes.price:7");
            assertThat(second.call("price 7")).isEqualTo("Optional[700]");
            assertThat(first.count("handler.price") + second.count("handler.price")).isEqualTo(1);

            assertThat(first.logText()).containsPattern("caching io\\.cachet\\.it\\.apps\\.proxy\\.Quotes#quote\\(String\\) "
                    + "through its JDK proxy jdk\\.proxy\\d+\\.\\$Proxy\\d+ as 'Quotes\\.quote'");
            assertThat(first.logText()).doesNotContain("has matched no method");
        }
    }

    @Test
    void aProxyAndTheClassItForwardsToCacheOnceAtTheProxy() {
        try (AgentJvm app = start("fwdproxy")) {
            assertThat(app.call("fwd.quote x")).isEqualTo("bank:x");
            awaitKey("fwdproxy:cachet:Quotes.quote:x");
            assertThat(app.call("fwd.quote x")).isEqualTo("bank:x");
            assertThat(app.count("forward.quote")).isEqualTo(1);
            assertThat(app.count("bank.quote")).isEqualTo(1);
            assertThat(app.logText()).as("the implementation is instrumented too").contains("as 'BankQuotes.quote'");
            assertThat(resp.keys("fwdproxy:cachet:BankQuotes.quote:*")).as("its call inside the proxy's load is not cached again").isEmpty();
        }
    }

    @Test
    void aProxyOfAJdkInterfaceIsNeverInstrumented() {
        try (AgentJvm app = start("jdkiface")) {
            assertThat(app.call("supplier")).isEqualTo("supplied:1");
            assertThat(app.call("supplier")).isEqualTo("supplied:2");
            assertThat(app.logText()).doesNotContain("Supplier#get");
        }
    }
}
