package io.cachet.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.metrics.Tier;
import io.cachet.agent.near.NearCache;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The near tier through the handler: what a near hit is found by, and what ends it. */
class NearTierTest {

    private final ScriptedStore store = new ScriptedStore();
    private final NearCache near = new NearCache(1_000, Duration.ofMinutes(1));

    private CoreHarness titles;
    private CoreHarness authors;

    /** Two cached methods in one JVM, each with its own value for the argument "1". */
    @BeforeEach
    void twoMethodsOverOneNearCache() {
        near.listening();
        titles = new CoreHarness(store, near, CoreHarness.newCacheName());
        authors = new CoreHarness(store, near, CoreHarness.newCacheName());
        titles.books.titles.put("1", "Dune");
        authors.books.titles.put("1", "Herbert");
    }

    @Test
    void twoMethodsCalledWithTheSameArgumentEachGetTheirOwnValueFromTheNearTier() {
        for (int i = 0; i < 3; i++) {
            assertThat(titles.title("1")).isEqualTo("Dune");
            assertThat(authors.title("1")).isEqualTo("Herbert");
        }
        assertThat(titles.books.loads).hasValue(1);
        assertThat(authors.books.loads).hasValue(1);
        assertThat(titles.method.stats().hits(Tier.L1)).as("served in process after the first call").isEqualTo(2);
    }

    @Test
    void aCallEnteredWithAnArrayOfItsArgumentsIsServedAsTheSingleArgumentEntryServesIt() {
        titles.title("1");
        Object byArray = titles.handler.enter(titles.id, CoreHarness.Books.class, titles.books, new Object[] {"1"});
        Object bySingle = titles.handler.enterSingle(titles.id, CoreHarness.Books.class, titles.books, "1");
        assertThat(byArray).isEqualTo("Dune").isEqualTo(bySingle);
        assertThat(titles.method.stats().hits(Tier.L1)).isEqualTo(2);
        assertThat(titles.books.loads).hasValue(1);
    }

    /**
     * The advice of a method of one parameter passes the argument itself: a near hit of a value
     * nothing can change then allocates nothing on the calling thread, compiled or not.
     */
    @Test
    void aNearHitOfAMethodOfOneParameterAllocatesNothing() {
        titles.title("1");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int hits = 10_000;
        Object last = null;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < hits; i++) {
            last = titles.handler.enterSingle(titles.id, CoreHarness.Books.class, titles.books, "1");
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(last).isEqualTo("Dune");
        assertThat(titles.method.stats().hits(Tier.L1)).isEqualTo(hits);
        assertThat(allocated).as("bytes allocated by %d near hits", hits).isLessThan(hits);
    }

    @Test
    void anAnnouncedEvictionEndsTheNearHitsOfItsMethodOnly() {
        titles.title("1");
        authors.title("1");
        titles.books.titles.put("1", "Dune Messiah");
        store.bumpElsewhere(titles.keyCounter("1"));
        near.bumped(List.of(titles.keyCounter("1"))); // the announcement of another JVM's eviction
        assertThat(titles.title("1")).isEqualTo("Dune Messiah");
        assertThat(authors.title("1")).isEqualTo("Herbert");
        assertThat(titles.books.loads).hasValue(2);
        assertThat(authors.books.loads).hasValue(1);
    }
}
