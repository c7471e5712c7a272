package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.AppModule;
import io.cachet.it.support.RedisBackedTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hibernate 5 ({@code javax.persistence}, it-tests/hibernate5-app, no Spring): the entity graphs
 * SpringDataIT proves for Hibernate 6 are stored the same way, because the agent recognises
 * Hibernate by interface names both versions share. Hits and loads are told apart by Hibernate's
 * own count of prepared statements, not by timing.
 */
class Hibernate5IT extends RedisBackedTest {

    private static final String LIBRARY = "io.cachet.it.hibernate5.Library#";

    static AgentJvm app;

    @BeforeAll
    static void start() {
        app = AgentJvm.builder().redis(redis, "hib5").sysProp("cachet.redis.timeout", "2s")
                .sysProp("cachet.cache.book.method", LIBRARY + "bookWithAuthor")
                .sysProp("cachet.cache.alone.method", LIBRARY + "bookAlone")
                .sysProp("cachet.cache.author.method", LIBRARY + "authorWithBooks")
                .classpath(AppModule.named("hibernate5-app").classpath())
                .mainClass("io.cachet.it.hibernate5.Hibernate5App").start().awaitConnected();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static int sql() {
        return Integer.parseInt(app.call("sql"));
    }

    @Test
    void anInitialisedLazyToOneIsStoredAsTheEntityItStandsFor() {
        String loaded = app.call("book 1");
        int afterLoad = sql();
        String hit = app.call("book 1");
        assertThat(sql()).as("the second call is served from the cache: no SQL").isEqualTo(afterLoad);
        assertThat(loaded).startsWith("Dune by Ann v 0, author a io.cachet.it.hibernate5.Author$HibernateProxy$");
        assertThat(hit).isEqualTo("Dune by Ann v 0, author a io.cachet.it.hibernate5.Author");
    }

    @Test
    void anInitialisedPersistentBagIsStoredAsAList() {
        assertThat(app.call("author 1")).isEqualTo("Ann: Dune,Emma in org.hibernate.collection.internal.PersistentBag");
        int afterLoad = sql();
        assertThat(app.call("author 1")).isEqualTo("Ann: Dune,Emma in java.util.ArrayList");
        assertThat(sql()).as("served from the cache: no SQL").isEqualTo(afterLoad);
    }

    @Test
    void anUninitialisedLazyAssociationRunsUncachedNamingThePathAndTheRemedy() {
        int before = sql();
        assertThat(app.call("alone 2")).isEqualTo("Emma v 0");
        assertThat(app.call("alone 2")).isEqualTo("Emma v 0");
        assertThat(sql() - before).as("both calls ran their SQL: nothing was stored as a null author").isEqualTo(2);
        assertThat(app.awaitLog("bookAlone(long)'s result: Book.author is an uninitialised lazy association"))
                .contains("JOIN FETCH");
    }

    @Test
    void aCachedEntityHandedToMergeIsSaved() {
        app.call("book 3");
        int afterLoad = sql();
        assertThat(app.call("retitle 3 Persuasion")).as("merge() of the cached book: its @Version moves on").isEqualTo("1");
        assertThat(sql()).as("the book came from the cache; merge ran its select and update").isGreaterThan(afterLoad);
    }
}
