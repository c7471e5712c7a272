package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Caching code nobody can edit: rules for interfaces and superclasses, a library, overrides. */
class ZeroCodeIT extends RedisBackedTest {

    @Test
    void aRuleNamingAnInterfaceOrSuperclassCachesTheImplementations() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "inherit")
                .sysProp("cachet.cache.prices.method", "io.cachet.it.apps.legacy.PriceSource#price")
                .sysProp("cachet.cache.rates.method", "io.cachet.it.apps.legacy.CatalogPrices#rate(int)")
                .start().awaitConnected()) {
            assertThat(app.call("prices.price abc")).isEqualTo("300 <Long>");
            awaitKey("inherit:cachet:CatalogPrices.price:abc");
            assertThat(app.call("prices.price abc")).isEqualTo("300 <Long>");
            assertThat(app.count("catalogPrices.price")).as("the implementation of the named interface").isEqualTo(1);

            assertThat(app.call("premium.rate 2")).isEqualTo("10 <Long>");
            awaitKey("inherit:cachet:PremiumPrices.rate:2");
            assertThat(app.call("premium.rate 2")).isEqualTo("10 <Long>");
            assertThat(app.count("premiumPrices.rate")).as("the override in a subclass of the named class").isEqualTo(1);
            assertThat(app.logText()).contains("caching io.cachet.it.apps.legacy.CatalogPrices#price(String) as 'CatalogPrices.price' (ttl 5m); from cachet.cache.prices.*");
        }
    }

    @Test
    void aMethodOfALibraryFromMavenCentralIsCachedByConfigurationAlone() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "lib").libraries("h2")
                .sysProp("cachet.cache.kdf.method", "org.h2.security.SHA256#getPBKDF2")
                .sysProp("cachet.cache.kdf.ttl", "1h")
                .start().awaitConnected()) {
            String first = app.call("h2.pbkdf2 secret");
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !resp.keys("lib:cachet:SHA256.getPBKDF2:*").isEmpty());
            String second = app.call("h2.pbkdf2 secret");
            String hash = first.substring(0, first.indexOf(' '));
            assertThat(second).startsWith(hash);
            System.out.println("[it] H2 PBKDF2 (20,000 rounds) by configuration alone: first call " + first.split(" ")[1]
                    + ", cached call " + second.split(" ")[1]);
            assertThat(resp.keys("lib:cachet:SHA256.getPBKDF2:*")).hasSize(1)
                    .allSatisfy(k -> assertThat(k).matches("lib:cachet:SHA256.getPBKDF2:#[0-9a-f]{32}"));
        }
    }

    @Test
    void configurationWinsOverTheAnnotationAndSaysSo() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "tuned")
                .sysProp("cachet.cache.tune.method", "io.cachet.it.apps.Catalog#describe")
                .sysProp("cachet.cache.tune.ttl", "7s")
                .start().awaitConnected()) {
            app.call("describe 1");
            awaitKey("tuned:cachet:Catalog.describe:1");
            assertThat(resp.pttl("tuned:cachet:Catalog.describe:1")).as("7 s, not the annotation's 1 m").isBetween(1L, 7_700L);
            assertThat(app.logText()).contains("caching io.cachet.it.apps.Catalog#describe(long) as 'Catalog.describe' (ttl 7s); "
                    + "cachet.cache.tune.* overrides its @Cached");
        }
    }

    @Test
    void failFastRefusesABadRuleValueAtStartUp() {
        AgentJvm app = AgentJvm.builder().redis(redis, "ff").sysProp("cachet.fail-fast", "true")
                .sysProp("cachet.cache.x.method", "io.cachet.it.apps.Catalog#square")
                .sysProp("cachet.cache.x.jitter", "2").start();
        assertThat(app.waitForExit()).isNotZero();
        assertThat(app.logText()).contains("cachet.cache.x.jitter=2: not a number from 0 to 1");
    }

    @Test
    void aLegacyClassIsCachedEvictedAndWrittenThroughWithNoCachetTypesOnTheClassPath() {
        try (AgentJvm legacy = AgentJvm.builder().redis(redis, "noann").withoutAnnotationsJar()
                .sysProp("cachet.cache.lfind.method", "io.cachet.it.apps.legacy.LegacyUsers#find")
                .sysProp("cachet.cache.lfind.tags", "luser:{0}")
                .sysProp("cachet.evict.lupdate.method", "io.cachet.it.apps.legacy.LegacyUsers#update")
                .sysProp("cachet.evict.lupdate.tags", "luser:{0}")
                .sysProp("cachet.write-through.lsave.method", "io.cachet.it.apps.legacy.LegacyUsers#save")
                .sysProp("cachet.write-through.lsave.cache", "LegacyUsers.find")
                .sysProp("cachet.write-through.lsave.key", "{0}")
                .start().awaitConnected()) {
            assertThat(legacy.call("annotationsVisible")).as("no Cachet types at all").isEqualTo("false <Boolean>");
            legacy.call("legacy.update 1 una");
            legacy.call("legacy.find 1");
            awaitKey("noann:cachet:LegacyUsers.find:1");
            assertThat(legacy.call("legacy.find 1")).isEqualTo("una <String>");
            assertThat(legacy.count("legacy.find")).isEqualTo(1);
            legacy.call("legacy.update 1 uma");
            assertThat(legacy.call("legacy.find 1")).isEqualTo("uma <String>");
            assertThat(legacy.count("legacy.find")).as("evicted").isEqualTo(2);
            legacy.call("legacy.save 1 ula");
            assertThat(legacy.call("legacy.find 1")).isEqualTo("ula <String>");
            assertThat(legacy.count("legacy.find")).as("written through").isEqualTo(2);
        }
    }

    @Test
    void ruleProblemsAreReportedByKeyValueAndFault() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "bad")
                .sysProp("cachet.cache.typo.method", "io.cachet.it.apps.Catalog.describe")
                .sysProp("cachet.cache.badttl.method", "io.cachet.it.apps.Catalog#square")
                .sysProp("cachet.cache.badttl.ttl", "5x")
                .sysProp("cachet.cache.nowhere.method", "com.vendor.Nothing#here")
                .sysProp("cachet.cache.nowhere.tll", "1m")
                .sysProp("cachet.rules.unmatched-warning-after", "1s")
                .start().awaitConnected()) {
            app.call("square 3");
            assertThat(app.awaitLog("config: cachet.cache.nowhere.method=com.vendor.Nothing#here has matched no method"))
                    .contains("has matched no method of any class loaded so far");
            assertThat(app.logText())
                    .contains("config: cachet.cache.typo.method=io.cachet.it.apps.Catalog.describe: not a method pattern")
                    .contains("config: unknown key cachet.cache.nowhere.tll (did you mean cachet.cache.nowhere.ttl?)")
                    .contains("config: cachet.cache.badttl.ttl=5x: not a duration")
                    .contains("cannot cache io.cachet.it.apps.Catalog#square(int): cachet.cache.badttl.* ttl=\"5x\": not a duration");
            assertThat(app.call("square 3")).as("the application is unaffected").isEqualTo("9 <Integer>");
        }
    }
}
