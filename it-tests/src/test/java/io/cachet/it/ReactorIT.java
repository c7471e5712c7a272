package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.AppModule;
import io.cachet.it.support.RedisBackedTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reactor's {@code Mono} and {@code Flux} in a forked application with reactor-core 3.8 and the
 * real agent, against a real Redis (it-tests/reactor-app). Every subscription is made on
 * {@code Schedulers.parallel()}, a thread that must never block.
 */
// A call that never answers (a continuation or subscriber never resumed) fails the test instead of hanging the build.
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReactorIT extends RedisBackedTest {

    private static AgentJvm start(String prefix) {
        return AgentJvm.builder().redis(redis, prefix)
                // A 1 s deadline: on a busy machine a read past the default 100 ms fails open and
                // would count as a load for a reason this test is not about.
                .sysProp("cachet.redis.timeout", "1s")
                .sysProp("cachet.reactive.max-elements", "50")
                .classpath(AppModule.named("reactor-app").classpath())
                .mainClass("io.cachet.it.reactor.ReactorApp")
                .start().awaitConnected();
    }

    @Test
    void aMonosValueAndEmptinessAreCachedAndItsErrorNever() {
        try (AgentJvm app = start("mono")) {
            app.call("set 1 Dune");
            assertThat(app.call("title 1")).isEqualTo("value Dune");
            assertThat(app.call("title 1")).isEqualTo("value Dune");
            assertThat(app.count("")).as("the hit did not subscribe to the original").isEqualTo(1);

            assertThat(app.call("title none")).isEqualTo("empty");
            assertThat(app.call("title none")).isEqualTo("empty");
            assertThat(app.count("")).as("an empty Mono is cached like null").isEqualTo(2);

            app.call("fail on");
            assertThat(app.call("title 2")).isEqualTo("error: database down");
            app.call("fail off");
            app.call("set 2 Emma");
            assertThat(app.call("title 2")).isEqualTo("value Emma");
            assertThat(app.call("title 2")).isEqualTo("value Emma");
            assertThat(app.count("")).as("the error was not cached").isEqualTo(4);
        }
    }

    @Test
    void aMonoBuiltOnceAndSubscribedTwiceIsLookedUpAtEachSubscription() {
        try (AgentJvm app = start("twice")) {
            app.call("set 1 Dune");
            assertThat(app.call("twice 1")).isEqualTo("value Dune value Dune");
            assertThat(app.count("")).as("the second subscription was a hit").isEqualTo(1);
            assertThat(app.call("twice 1")).isEqualTo("value Dune value Dune");
            assertThat(app.count("")).isEqualTo(1);
        }
    }

    @Test
    void aFluxIsCachedAsItsCompleteListOnlyWhenItCompletesWithinTheBound() {
        try (AgentJvm app = start("flux")) {
            assertThat(app.call("chapters a")).isEqualTo("a.0,a.1,a.2");
            assertThat(app.call("chapters a")).isEqualTo("a.0,a.1,a.2");
            assertThat(app.count("")).as("finite: replayed from the cache").isEqualTo(1);

            assertThat(app.call("take b 1")).isEqualTo("b.0");
            assertThat(app.call("chapters b")).isEqualTo("b.0,b.1,b.2");
            assertThat(app.call("chapters b")).isEqualTo("b.0,b.1,b.2");
            assertThat(app.count("")).as("cancelled early: nothing stored").isEqualTo(3);

            app.call("fail on");
            assertThat(app.call("chapters c")).isEqualTo("error: database down");
            app.call("fail off");
            assertThat(app.call("chapters c")).isEqualTo("c.0,c.1,c.2");
            assertThat(app.count("")).as("failed: nothing stored").isEqualTo(5);

            app.call("length d 51");
            assertThat(app.call("chapters d").split(",")).hasSize(51);
            assertThat(app.call("chapters d").split(",")).hasSize(51);
            assertThat(app.count("")).as("over the bound of 50: passed on, not stored").isEqualTo(7);
        }
    }

    @Test
    void aHundredConcurrentSubscribersOfAColdKeyLoadOnce() {
        try (AgentJvm app = start("storm")) {
            app.call("set 1 Dune");
            assertThat(app.call("storm 1 100")).isEqualTo("100 [Dune]");
            assertThat(app.count("slow")).as("one load for 100 subscribers on Schedulers.parallel()").isEqualTo(1);
            assertThat(app.call("storm 1 100")).isEqualTo("100 [Dune]");
            assertThat(app.count("slow")).isEqualTo(1);
        }
    }

    @Test
    void nothingBlocksANonBlockingThreadWhileRedisIsSlowAndNoOperatorRunsOnRedissonsThreads() {
        try (AgentJvm app = start("nonblocking")) {
            app.call("set 1 Dune");
            // Classes are loaded and initialised once, on the first calls, which may wait for
            // each other: not what this is about.
            app.call("storm warm 20");
            app.call("title warm");
            app.call("chapters warm");
            assertThat(app.call("watch")).isEqualTo("watching");
            for (int round = 0; round < 3; round++) {
                // Redis holds every command for 300 ms: each lookup below waits that long for
                // its answer, and a lookup that waited with its thread would be seen doing so.
                resp.command("CLIENT", "PAUSE", "300", "ALL");
                assertThat(app.call("storm cold" + round + " 20")).isEqualTo("20 [?]");
                resp.command("CLIENT", "PAUSE", "300", "ALL");
                assertThat(app.call("title r" + round)).isEqualTo("empty");
                resp.command("CLIENT", "PAUSE", "300", "ALL");
                assertThat(app.call("chapters r" + round)).isEqualTo("r" + round + ".0,r" + round + ".1,r" + round + ".2");
            }
            assertThat(app.call("watched")).as("parallel threads seen waiting inside the agent").isEqualTo("none");
            // Miss and hit, Mono and Flux: the subscriber's operators run on Reactor's threads.
            assertThat(app.call("threads 1").split(",")).isNotEmpty().allSatisfy(kind -> assertThat(kind).isEqualTo("parallel"));
            assertThat(app.logText()).doesNotContain("Exception");
        }
    }
}
