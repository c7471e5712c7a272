package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultProxy;
import io.cachet.it.support.RedisBackedTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 4 in every form: tag, key and whole-cache evictions, before and after invocation,
 * write-through, from annotations and from rules, in one JVM and across two.
 */
class InvalidationIT extends RedisBackedTest {

    static AgentJvm app;

    @BeforeAll
    static void startApp() {
        app = AgentJvm.builder().redis(redis, "inv").start().awaitConnected();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /** Reads through {@code call} until it is a hit, so the entry is surely in Redis. */
    private static String cached(AgentJvm jvm, String call, String counter) {
        String first = jvm.call(call);
        Awaitility.await(call + " cached").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> {
            int before = jvm.count(counter);
            jvm.call(call);
            return jvm.count(counter) == before;
        });
        return first;
    }

    @Test
    void aTagEvictionMakesEveryEntryCarryingTheTagAMiss() {
        app.call("users.update 1 ann");
        assertThat(cached(app, "users.findById 1", "users.findById")).isEqualTo("User[id=1, name=ann] <User>");
        assertThat(cached(app, "users.greeting 1", "users.greeting")).isEqualTo("Hello ann <String>");
        cached(app, "users.findById 2", "users.findById");
        int reads = app.count("users.findById");
        int greetings = app.count("users.greeting");

        app.call("users.update 1 anna");

        assertThat(app.call("users.findById 1")).isEqualTo("User[id=1, name=anna] <User>");
        assertThat(app.call("users.greeting 1")).isEqualTo("Hello anna <String>");
        assertThat(app.count("users.findById")).isEqualTo(reads + 1);
        assertThat(app.count("users.greeting")).isEqualTo(greetings + 1);
        app.call("users.findById 2");
        assertThat(app.count("users.findById")).as("user:2 was not evicted").isEqualTo(reads + 1);
        assertThat(resp.keys("inv:cachet-v:tag:*")).contains("inv:cachet-v:tag:user:1").doesNotContain("inv:cachet-v:tag:user:2");
        assertThat(resp.pttl("inv:cachet-v:tag:user:1")).as("counters expire too").isPositive();
    }

    @Test
    void aKeyEvictionRemovesOneEntry() {
        app.call("users.update 3 bob");
        app.call("users.update 4 bea");
        cached(app, "users.findById 3", "users.findById");
        cached(app, "users.findById 4", "users.findById");
        int reads = app.count("users.findById");

        app.call("users.rename 3 bobby");

        assertThat(resp.exists("inv:cachet:Users.findById:3")).as("deleted at once").isFalse();
        assertThat(app.call("users.findById 3")).isEqualTo("User[id=3, name=bobby] <User>");
        app.call("users.findById 4");
        assertThat(app.count("users.findById")).isEqualTo(reads + 1);
    }

    @Test
    void aWholeCacheEvictionReachesEveryEntryOfEveryNamedCache() {
        app.call("users.update 5 cy");
        cached(app, "users.findById 5", "users.findById");
        cached(app, "users.count", "users.count");
        int reads = app.count("users.findById");
        int counts = app.count("users.count");

        app.call("users.reloadAll zed");

        assertThat(app.call("users.findById 5")).isEqualTo("User[id=5, name=zed] <User>");
        app.call("users.count");
        assertThat(app.count("users.findById")).isEqualTo(reads + 1);
        assertThat(app.count("users.count")).isEqualTo(counts + 1);
    }

    @Test
    void beforeInvocationEvictsEvenWhenTheMethodFailsAndTheDefaultDoesNot() {
        app.call("users.update 6 dee");
        cached(app, "users.findById 6", "users.findById");
        int reads = app.count("users.findById");
        assertThat(app.call("users.failingAfterInvocation 6")).startsWith("EX java.lang.IllegalStateException");
        assertThat(app.call("users.findById 6")).as("no eviction after a failure").isEqualTo("User[id=6, name=dee] <User>");
        assertThat(app.count("users.findById")).isEqualTo(reads);

        assertThat(app.call("users.failingBeforeInvocation 6")).startsWith("EX java.lang.IllegalStateException");
        assertThat(app.call("users.findById 6")).isEqualTo("User[id=6, name=changed-before-failure] <User>");
        assertThat(app.count("users.findById")).isEqualTo(reads + 1);
    }

    @Test
    void aWriteThroughStoresTheReturnedValueSoTheNextReadIsAHit() {
        app.call("users.update 7 eve");
        cached(app, "users.findById 7", "users.findById");
        int reads = app.count("users.findById");

        assertThat(app.call("users.save 7 evelyn")).isEqualTo("User[id=7, name=evelyn] <User>");

        assertThat(app.call("users.findById 7")).isEqualTo("User[id=7, name=evelyn] <User>");
        assertThat(app.count("users.findById")).as("served from the write-through, no load").isEqualTo(reads);
        assertThat(resp.pttl("inv:cachet:Users.findById:7")).isPositive();
    }

    @Test
    void everyFormOfInvalidationInOneJvmIsSeenByAnother() {
        try (AgentJvm other = AgentJvm.builder().redis(redis, "inv").start().awaitConnected()) {
            for (long id = 10; id <= 13; id++) {
                other.call("users.update " + id + " v1");
                cached(other, "users.findById " + id, "users.findById");
            }
            cached(other, "users.count", "users.count");
            int reads = other.count("users.findById");

            app.call("users.update 10 tag-evicted");
            other.call("users.findById 10");
            assertThat(other.count("users.findById")).as("tag eviction").isEqualTo(reads + 1);

            app.call("users.rename 11 key-evicted");
            other.call("users.findById 11");
            assertThat(other.count("users.findById")).as("key eviction").isEqualTo(reads + 2);

            assertThat(app.call("users.save 12 written")).isEqualTo("User[id=12, name=written] <User>");
            assertThat(other.call("users.findById 12")).as("write-through, served without a load")
                    .isEqualTo("User[id=12, name=written] <User>");
            assertThat(other.count("users.findById")).isEqualTo(reads + 2);

            int counts = other.count("users.count");
            app.call("users.reloadAll all-evicted");
            other.call("users.findById 13");
            other.call("users.count");
            assertThat(other.count("users.findById")).as("whole-cache eviction").isEqualTo(reads + 3);
            assertThat(other.count("users.count")).isEqualTo(counts + 1);
        }
    }

    @Test
    void invalidationWorksInLocalModeToo() {
        try (AgentJvm local = AgentJvm.builder().start()) {
            local.awaitLog("mode=local");
            local.call("users.update 1 ivy");
            assertThat(cached(local, "users.findById 1", "users.findById")).isEqualTo("User[id=1, name=ivy] <User>");
            int reads = local.count("users.findById");
            local.call("users.update 1 ivo");
            assertThat(local.call("users.findById 1")).isEqualTo("User[id=1, name=ivo] <User>");
            local.call("users.save 1 ida");
            assertThat(local.call("users.findById 1")).isEqualTo("User[id=1, name=ida] <User>");
            assertThat(local.count("users.findById")).isEqualTo(reads + 1);
        }
    }

    @Test
    void rulesCacheEvictAndWriteThroughAClassWithoutAnnotations() {
        try (AgentJvm legacy = AgentJvm.builder().redis(redis, "legacy")
                .sysProp("cachet.cache.lfind.method", "io.cachet.it.apps.legacy.LegacyUsers#find")
                .sysProp("cachet.cache.lfind.tags", "luser:{0}")
                .sysProp("cachet.evict.lupdate.method", "io.cachet.it.apps.legacy.LegacyUsers#update(long,String)")
                .sysProp("cachet.evict.lupdate.tags", "luser:{0}")
                .sysProp("cachet.write-through.lsave.method", "io.cachet.it.apps.legacy.LegacyUsers#save")
                .sysProp("cachet.write-through.lsave.cache", "LegacyUsers.find")
                .sysProp("cachet.write-through.lsave.key", "{0}")
                .start().awaitConnected()) {
            legacy.call("legacy.update 1 gil");
            assertThat(cached(legacy, "legacy.find 1", "legacy.find")).isEqualTo("gil <String>");
            int reads = legacy.count("legacy.find");

            legacy.call("legacy.update 1 gilbert");
            assertThat(legacy.call("legacy.find 1")).isEqualTo("gilbert <String>");
            assertThat(legacy.count("legacy.find")).isEqualTo(reads + 1);

            legacy.call("legacy.save 1 gus");
            assertThat(legacy.call("legacy.find 1")).isEqualTo("gus <String>");
            assertThat(legacy.count("legacy.find")).as("written through").isEqualTo(reads + 1);
        }
    }

    @Test
    void badEvictionsAreReportedWhenTheClassLoads() {
        app.call("users.count"); // loads the class, whatever order the tests run in
        assertThat(app.logText())
                .contains("cannot invalidate for io.cachet.it.apps.Users#badEviction(User): @Evicts tags=\"user:{0.nope}\": "
                        + "unknown property 'nope' on io.cachet.it.apps.Users$User")
                .contains("cannot invalidate for io.cachet.it.apps.Users#evictionWithoutKey(long): @Evicts "
                        + "cache=\"Users.findById\" needs exactly one of key or allEntries");
    }

    @Test
    void anEvictionRedisCannotTakeIsRetriedUntilItLandsAndTheJvmBypassesItsCachesMeanwhile() {
        try (FaultProxy proxy = new FaultProxy(redis.host, redis.port);
             AgentJvm writer = AgentJvm.builder().sysProp("cachet.redis.address", proxy.address())
                     .sysProp("cachet.key.prefix", "inv").start().awaitConnected()) {
            app.call("users.update 9 hal");
            cached(app, "users.findById 9", "users.findById");
            int reads = app.count("users.findById");

            proxy.blackhole();
            assertThat(writer.call("users.update 9 hank")).isEqualTo("updated <String>");
            writer.awaitLog("an eviction could not reach Redis");
            writer.call("users.findById 9");
            writer.call("users.findById 9");
            assertThat(writer.count("users.findById")).as("bypassing its caches").isEqualTo(2);

            proxy.pass();
            writer.awaitLog("pending evictions reached Redis");
            app.call("users.findById 9");
            assertThat(app.count("users.findById")).as("the eviction landed").isEqualTo(reads + 1);
        }
    }
}
