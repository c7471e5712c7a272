package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hit and miss for every method kind and return type, in a forked JVM with the real agent
 * against a real Redis. A hit is proven by the method body's run count, not by timing.
 */
class CachingIT extends RedisBackedTest {

    static AgentJvm app;

    @BeforeAll
    static void startApp() {
        app = AgentJvm.builder().redis(redis, "caching").start().awaitConnected();
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    private static void awaitEntry(String cacheName, String keyPart) {
        awaitKey("caching:cachet:" + cacheName + ":" + keyPart);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // command,   argument, counter,        cache name,          expected result,   key part (a generic argument carries its type)
        "describe,    7,        describe,       Catalog.describe,    item-7#1 <String>, 7",
        "square,      9,        square,         Catalog.square,      81 <Integer>, 9",
        "secret,      psst,     secret,         Catalog.secret,      PSST#1 <String>, psst",
        "twice,       21,       twice,          Catalog.twice,       42 <Long>, 21",
        "findLong,    5,        find(long):5,   Catalog.find(long),  by-id-5#1 <String>, 5",
        "findString,  5,        find(String):5, Catalog.find(String), by-name-5#1 <String>, 5",
        "boxed,       1,        boxed,          Catalog.boxed,       2 <Integer>, 1",
        "digits,      4096,     digits,         Catalog.digits,      '[4, 0, 9, 6]', 4096",
        "words,       a-b-c,    words,          Catalog.words,       '[a, b, c] <ListN>', a-b-c",
        "lengths,     aa-b,     lengths,        Catalog.lengths,     '{aa=2, b=1} <TreeMap>', aa-b",
        "letters,     xyz,      letters,        Catalog.letters,     '[x, y, z]', xyz",
        "item,        3,        item,           Catalog.item,        'Item[id=3, name=item 3#1, tags=[a, b]] <Item>', 3",
        "color,       2,        color,          Catalog.color,       BLUE <Color>, 2",
        "maybe,       m,        maybe,          Catalog.maybe,       Optional[m#1] <Optional>, m",
        "price,       sku1,     price,          Catalog.price,       10.99 EUR <Money>, sku1",
        "later,       async,    later,          Catalog.later,       future:async#1, async",
        "innerShout,  hey,      inner.shout,    Inner.shout,         HEY#1 <String>, hey",
        "boxTwiceOf,  v,        box.twiceOf,    Box.twiceOf,         '[v, v] <List12>', '\"v\"'",
        "vat,         sku1,     pricing.vat,    Pricing.vat,         0.21 <BigDecimal>, sku1",
    })
    void secondCallIsAHitWithTheSameResult(String command, String argument, String counter, String cacheName, String expected,
                                           String keyPart) {
        assertThat(app.call(command + " " + argument)).isEqualTo(expected);
        awaitEntry(cacheName, keyPart);
        assertThat(app.call(command + " " + argument)).isEqualTo(expected);
        assertThat(app.count(counter)).as("the method body ran once").isEqualTo(1);
    }

    @Test
    void overloadsDoNotShareEntries() {
        assertThat(app.call("findLong 99")).startsWith("by-id-99");
        assertThat(app.call("findString 99")).startsWith("by-name-99");
        awaitEntry("Catalog.find(long)", "99");
        awaitEntry("Catalog.find(String)", "99");
        assertThat(resp.keys("caching:cachet:Catalog.find*:99"))
                .containsExactly("caching:cachet:Catalog.find(String):99", "caching:cachet:Catalog.find(long):99");
    }

    @Test
    void exceptionsAreThrownAndNeverCached() {
        assertThat(app.call("failing x")).isEqualTo("EX java.lang.IllegalStateException: boom 1");
        assertThat(app.call("failing x")).isEqualTo("x#2 <String>");
        awaitEntry("Catalog.failing", "x");
        assertThat(app.call("failing x")).isEqualTo("x#2 <String>");
        assertThat(app.count("failing")).isEqualTo(2);
    }

    @Test
    void nullIsCachedUnlessCacheNullsIsFalse() {
        assertThat(app.call("nothingFound a")).isEqualTo("null");
        awaitEntry("Catalog.nothingFound", "a");
        assertThat(app.call("nothingFound a")).isEqualTo("null");
        assertThat(app.count("nothingFound")).isEqualTo(1);

        assertThat(app.call("nothingFoundUncachedNull a")).isEqualTo("null");
        assertThat(app.call("nothingFoundUncachedNull a")).isEqualTo("null");
        assertThat(app.count("nothingFoundUncachedNull")).isEqualTo(2);
    }

    @Test
    void aResultThatCannotBeSerializedIsReportedOnceAndTheMethodRunsUncached() {
        assertThat(app.call("guarded g")).isEqualTo("g#1 <Guarded>");
        assertThat(app.call("guarded g")).isEqualTo("g#2 <Guarded>");
        assertThat(app.call("guarded g")).isEqualTo("g#3 <Guarded>");
        String warning = app.awaitLog("Catalog#guarded(String) runs uncached from now on");
        assertThat(warning).contains("java.util.concurrent.locks.ReentrantLock is not on Cachet's allow-list");
        assertThat(app.logText().split("guarded\\(String\\) runs uncached", -1)).as("reported once").hasSize(2);
    }

    @Test
    void onlyCacheKeyParametersFormTheKey() {
        assertThat(app.call("withKeyParam sku-1 en-GB")).isEqualTo("sku-1#1 <String>");
        awaitEntry("Catalog.withKeyParam", "sku-1");
        assertThat(app.call("withKeyParam sku-1 fr-FR")).isEqualTo("sku-1#1 <String>");
        assertThat(app.count("withKeyParam")).isEqualTo(1);
    }

    @Test
    void aKeyTemplateReadsAPropertyOfTheArgument() {
        assertThat(app.call("byItem 12")).isEqualTo("by-item-12#1 <String>");
        awaitEntry("Catalog.byItem", "12");
        assertThat(app.call("byItem 12")).isEqualTo("by-item-12#1 <String>");
    }

    @Test
    void badTemplatesAndUnsupportedMethodsAreReportedOnceAndRunUncached() {
        app.call("loadAbstract");
        assertThat(app.logText())
                .contains("cannot cache io.cachet.it.apps.Catalog#badTemplate(String): @Cached key=\"{3}\": '{3}': argument 3 is out of range")
                .contains("cannot cache io.cachet.it.apps.Catalog#unknownProperty(Item): @Cached key=\"{0.nope}\": unknown property 'nope' on io.cachet.it.apps.Model$Item")
                .contains("cannot cache io.cachet.it.apps.Catalog#badTtl(String): @Cached ttl=\"5x\": not a duration")
                .contains("cannot cache io.cachet.it.apps.Catalog#nothing(): it returns void")
                .contains("cannot cache io.cachet.it.apps.Catalog$Base#abstractOne(String): it is abstract");
        assertThat(app.call("badTemplate a")).isEqualTo("a#1 <String>");
        assertThat(app.call("badTemplate a")).isEqualTo("a#2 <String>");
        assertThat(app.call("badTtl a")).isEqualTo("a#1 <String>");
        assertThat(app.call("badTtl a")).isEqualTo("a#2 <String>");
        assertThat(app.call("nothing")).isEqualTo("done <String>");
        assertThat(app.call("nothing")).isEqualTo("done <String>");
        assertThat(app.count("nothing")).isEqualTo(2);
        assertThat(app.logText().split("argument 3 is out of range", -1)).as("reported once").hasSize(2);
    }
}
