package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.BootApp;
import io.cachet.it.support.BootApp.Answer;
import io.cachet.it.support.Http;
import io.cachet.it.support.RedisBackedTest;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot application (it-tests/boot-app: Spring Data JPA, Hibernate 6, H2) in two JVMs
 * sharing one H2 TCP server and one Redis, every repository method cached by the rules of
 * {@code boot-app/cachet.properties} alone. A hit is a call that ran no JDBC statement (Hibernate's
 * statistics), never a faster one.
 *
 * <p>The second JVM starts with the {@code cachet.codec.allowed-packages} the first one's log
 * advised for a {@code Page} result, read from that log: the advice, followed literally, must give
 * a working cache.
 */
class SpringDataIT extends RedisBackedTest {

    private static final Pattern ALLOW_ADVICE = Pattern.compile("add (\\S+) to cachet\\.codec\\.allowed-packages");

    private static Server h2;
    private static BootApp first;
    private static BootApp second;
    private static String advisedPackages;

    @BeforeAll
    static void startTwoJvms() throws Exception {
        h2 = Server.createTcpServer("-tcpPort", String.valueOf(Http.freePort()), "-ifNotExists").start();
        String url = "--spring.datasource.url=jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:shop;DB_CLOSE_DELAY=-1";
        first = BootApp.start(agent(), url, "--shop.seed=true", "--spring.jpa.hibernate.ddl-auto=create");
        first.jvm().awaitConnected();
        assertThat(first.get("/authors/page/0")).isEqualTo("Ursula of 2");
        Matcher advice = ALLOW_ADVICE.matcher(first.jvm().awaitLog("AuthorRepository#findAll(Pageable) runs uncached"));
        assertThat(advice.find()).as("the log advises a package to allow").isTrue();
        advisedPackages = advice.group(1);
        second = BootApp.start(agent().sysProp("cachet.codec.allowed-packages", advisedPackages),
                url, "--shop.seed=false", "--spring.jpa.hibernate.ddl-auto=none");
        second.jvm().awaitConnected();
    }

    private static AgentJvm.Builder agent() {
        Path rules = Path.of(SpringDataIT.class.getResource("/boot-app/cachet.properties").getPath());
        return AgentJvm.builder().agentArgs("config=" + rules).redis(redis, "boot")
                // A loaded two-core CI machine starts two Boot JVMs at once: no Redis call should time out for that.
                .sysProp("cachet.redis.timeout", "2s");
    }

    @AfterAll
    static void stop() {
        for (BootApp app : new BootApp[] {second, first}) {
            if (app != null) {
                app.close();
            }
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    /** A miss in one JVM (statements run), then hits in both (none). */
    private static Answer sharedAcrossJvms(String path) throws Exception {
        Answer load = first.measure(path);
        assertThat(load.statements).as(path + " loads in the first JVM").isPositive();
        Answer other = awaitHit(second, path);
        Answer again = first.measure(path);
        assertThat(again.statements).as(path + " hits in the first JVM").isZero();
        assertThat(withoutKinds(other.body)).isEqualTo(withoutKinds(load.body));
        assertThat(again.body).isEqualTo(other.body);
        return other;
    }

    /** An answer without the classes of its collections, which are Hibernate's on a load and plain on a hit. */
    private static String withoutKinds(String body) {
        return body.replaceAll(" (aliasesKind|kinds)=\\S+", "");
    }

    /** Entries are written after the call returns: the other JVM may miss once before the write lands. */
    private static Answer awaitHit(BootApp app, String path) throws Exception {
        for (int i = 0; i < 50; i++) {
            Answer a = app.measure(path);
            if (a.statements == 0) {
                return a;
            }
        }
        throw new AssertionError(path + " never hit in " + app);
    }

    @Test
    void everyRepositoryMethodKindIsCachedByRulesAloneAndSharedByBothJvms() throws Exception {
        // Inherited from CrudRepository/JpaRepository, with an Optional and a List of entities.
        assertThat(sharedAcrossJvms("/authors/2").body).startsWith("id=2 name=Stanislaw version=0 aliases=[Lem]")
                .as("an initialised PersistentList comes back as a plain list").endsWith("aliasesKind=ArrayList");
        assertThat(sharedAcrossJvms("/authors").body).contains("name=Ursula", "name=Stanislaw");
        // Derived queries.
        assertThat(sharedAcrossJvms("/authors/by-name/Stanislaw").body).startsWith("id=2 name=Stanislaw");
        assertThat(sharedAcrossJvms("/books/count-above/10").body).isEqualTo("2");
        // @Query, and an @EntityGraph whose whole graph is loaded: a detached entity on a hit,
        // with plain collections of the same kinds as Hibernate's.
        assertThat(sharedAcrossJvms("/books/titles-above/10").body).isEqualTo("Dispossessed,Solaris");
        Answer full = sharedAcrossJvms("/books/3/full");
        assertThat(full.body).contains("title=Solaris", "author=Stanislaw aliases=[Lem]", "reviews=[3]", "tags=[ocean]")
                .endsWith("kinds=Author,ArrayList,LinkedHashSet,LinkedHashMap,ArrayList");
        assertThat(resp.exists("boot:cachet:BookRepository.findWithEverythingById:3")).as("keyed by the argument alone").isTrue();
        assertThat(first.jvm().logText()).doesNotContain("has matched no method");
    }

    @Test
    void theLogsAdviceToAllowAPackageFollowedLiterallyGivesAWorkingCache() throws Exception {
        assertThat(advisedPackages).isEqualTo("org.springframework.data.domain");
        assertThat(first.jvm().logText()).contains("(tried: the result then round-trips)");
        long before = second.statements();
        assertThat(second.get("/authors/page/1")).isEqualTo("Stanislaw of 2");
        assertThat(awaitHit(second, "/authors/page/1").body).isEqualTo("Stanislaw of 2");
        assertThat(second.statements() - before).as("loaded once").isPositive();
        assertThat(second.jvm().logText()).doesNotContain("findAll(Pageable) runs uncached");
    }

    @Test
    void anUpdateThroughTheServiceEvictsInBothJvmsAndACachedEntityMerges() throws Exception {
        sharedAcrossJvms("/authors/1");
        // The service reads the author through the cached findById (a detached copy) and saves it: merge().
        assertThat(second.post("/authors/1/alias?alias=Ursula+K.")).contains("version=1");
        Answer reloaded = first.measure("/authors/1");
        assertThat(reloaded.statements).as("evicted in the other JVM").isPositive();
        assertThat(reloaded.body).contains("version=1", "aliases=[UKL, Le Guin, Ursula K.]");
        assertThat(withoutKinds(awaitHit(first, "/authors/1").body)).isEqualTo(withoutKinds(reloaded.body));
        assertThat(withoutKinds(second.measure("/authors/1").body)).isEqualTo(withoutKinds(reloaded.body));

        // A book read from the cache, fully fetched, handed to merge(): its @Version and id survived.
        sharedAcrossJvms("/books/1/full");
        assertThat(first.measure("/books/1/full").statements).isZero();
        assertThat(first.post("/books/1/reprice?price=13")).contains("price=13 version=1");
        Answer evicted = second.measure("/books/1/full");
        assertThat(evicted.statements).isPositive();
        assertThat(evicted.body).contains("price=13 version=1", "author=Ursula", "reviews=[4, 5]", "tags=[anarchy, physics]");
    }

    @Test
    void anUninitialisedLazyAssociationIsNeverStoredAndTheAdviceLeadsToAWorkingCache() throws Exception {
        // findByTitle leaves Book.author a proxy: runs uncached, saying so once with the path and the remedy.
        assertThat(first.measure("/books/by-title/Earthsea").statements).isPositive();
        assertThat(first.measure("/books/by-title/Earthsea").statements).as("uncached").isPositive();
        assertThat(first.jvm().awaitLog("findByTitle(String)'s result: Book.author is an uninitialised lazy association"))
                .contains("JOIN FETCH", "@EntityGraph(attributePaths = \"author\")");
        assertThat(resp.keys("boot:cachet:BookRepository.findByTitle:*")).isEmpty();
        // Following it (the author fetched with JOIN FETCH) leads to a clearer message: the reviews are next.
        assertThat(first.measure("/books/2/with-author").statements).isPositive();
        assertThat(first.jvm().awaitLog("findWithAuthor(long)'s result: Book.reviews is an uninitialised lazy association"))
                .contains("PersistentBag", "@EntityGraph(attributePaths = \"reviews\")");
        // Fetching both (the @EntityGraph of findWithEverythingById) caches.
        first.measure("/books/2/full");
        assertThat(awaitHit(first, "/books/2/full").body).contains("title=Earthsea", "author=Ursula", "reviews=[]");
        // getReferenceById hands out an uninitialised proxy: not stored, and the remedy is the loading method.
        assertThat(first.get("/books/2/reference")).contains("title=Earthsea");
        assertThat(first.jvm().awaitLog("getReferenceById(Object)'s result: it returned an uninitialised proxy of com.acme.shop.Book"))
                .contains("findById");
        assertThat(first.jvm().logText()).doesNotContainPattern("Book(\\$HibernateProxy|.*ByteBuddyInterceptor).*allowed-packages");
    }

    @Test
    void aProjectionProxyIsNotAllowListedAndTheDtoItAdvisesIsCached() throws Exception {
        assertThat(first.get("/books/cheaper/12")).isEqualTo("Earthsea");
        String warn = first.jvm().awaitLog("findByPriceLessThan(int) runs uncached");
        assertThat(warn).contains("generated at run time", "allowing its package would not help", "record or DTO")
                .doesNotContain("to cachet.codec.allowed-packages");
        assertThat(sharedAcrossJvms("/books/cheaper-views/12").body).isEqualTo("Earthsea");
    }
}
