package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.AppModule;
import io.cachet.it.support.RedisBackedTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kotlin {@code suspend} functions in a forked Kotlin application (it-tests/kotlin-app, Kotlin
 * 2.4 and kotlinx.coroutines) with the real agent against a real Redis: cached by annotation and
 * by rule, a hit returns without suspending, 1,000 coroutines on a cold key run it once, and a
 * cancellation, an exception or a failed {@code Result} stores nothing.
 */
// A call that never answers (a continuation or subscriber never resumed) fails the test instead of hanging the build.
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KotlinIT extends RedisBackedTest {

    private static AgentJvm start(String prefix) {
        return AgentJvm.builder().redis(redis, prefix)
                // A 1 s deadline: on a busy machine a read past the default 100 ms fails open and
                // would count as a run for a reason this test is not about.
                .sysProp("cachet.redis.timeout", "1s")
                .sysProp("cachet.cache.authors.method", "io.cachet.it.kotlin.Books#author")
                .sysProp("cachet.cache.authors.ttl", "5m")
                .classpath(AppModule.named("kotlin-app").classpath())
                .mainClass("io.cachet.it.kotlin.KotlinAppKt")
                .start().awaitConnected();
    }

    @Test
    void suspendFunctionsAreCachedByAnnotationAndByRule() {
        try (AgentJvm app = start("kt-cached")) {
            app.call("set 1 Dune");
            assertThat(app.call("title 1")).isEqualTo("value Dune");
            assertThat(app.call("title 1")).isEqualTo("value Dune");
            assertThat(app.count("title")).isEqualTo(1);

            assertThat(app.call("title none")).as("a nullable result").isEqualTo("value null");
            assertThat(app.call("title none")).isEqualTo("value null");
            assertThat(app.count("title")).isEqualTo(2);

            assertThat(app.call("author 1")).isEqualTo("author of 1");
            assertThat(app.call("author 1")).isEqualTo("author of 1");
            assertThat(app.count("author")).as("cached by the rule").isEqualTo(1);

            assertThat(app.call("quick 1")).isEqualTo("quick 1");
            assertThat(app.call("quick 1")).isEqualTo("quick 1");
            assertThat(app.count("quick")).as("one that completes without suspending").isEqualTo(1);

            assertThat(app.call("isbn 1")).isEqualTo("978-1");
            assertThat(app.call("isbn 1")).isEqualTo("978-1");
            assertThat(app.count("isbn")).as("an inline class").isEqualTo(1);
            assertThat(app.call("quickIsbn 1")).isEqualTo("979-1");
            assertThat(app.call("quickIsbn 1")).isEqualTo("979-1");
            assertThat(app.count("quickIsbn")).as("an inline class returned unboxed, without suspending").isEqualTo(1);

            assertThat(app.call("lookup 1")).isEqualTo("Success(found 1)");
            assertThat(app.call("lookup 1")).isEqualTo("Success(found 1)");
            assertThat(app.count("lookup")).as("a Result").isEqualTo(1);
        }
    }

    @Test
    void aHitReturnsWithoutSuspending() {
        try (AgentJvm app = start("kt-hit")) {
            app.call("set 1 Dune");
            assertThat(app.call("suspends 1")).as("a miss suspends in the body").isEqualTo("suspended");
            // The run above resumes on kotlinx's timer thread and stores; this call waits for it.
            assertThat(app.call("title 1")).isEqualTo("value Dune");
            assertThat(app.call("suspends 1")).isEqualTo("returned Dune");
            assertThat(app.call("suspends 1")).isEqualTo("returned Dune");
        }
    }

    @Test
    void aThousandCoroutinesOnAColdKeyRunItOnce() {
        try (AgentJvm app = start("kt-storm")) {
            assertThat(app.call("storm 1 1000")).isEqualTo("1000 [slow 1]");
            assertThat(app.count("slow")).as("one run for 1,000 coroutines").isEqualTo(1);
            assertThat(app.call("storm 1 1000")).isEqualTo("1000 [slow 1]");
            assertThat(app.count("slow")).isEqualTo(1);
        }
    }

    @Test
    void aCancelledRunAnExceptionAndAFailedResultStoreNothing() {
        try (AgentJvm app = start("kt-nothing")) {
            assertThat(app.call("cancel 1")).isEqualTo("cancelled");
            assertThat(app.call("storm 1 1")).isEqualTo("1 [slow 1]");
            assertThat(app.count("slow")).as("the cancelled run stored nothing").isEqualTo(2);

            assertThat(app.call("failing 1")).isEqualTo("error: database down");
            assertThat(app.call("failing 1")).isEqualTo("error: database down");
            assertThat(app.count("failing")).isEqualTo(2);

            assertThat(app.call("lookup bad")).startsWith("Failure(java.lang.IllegalStateException: no such book");
            assertThat(app.call("lookup bad")).startsWith("Failure(");
            assertThat(app.count("lookup")).as("a failed Result is not cached").isEqualTo(2);
            assertThat(app.logText()).doesNotContain("Exception in thread");
        }
    }
}
