package io.cachet.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.metrics.Tier;
import io.cachet.agent.near.NearCache;
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
