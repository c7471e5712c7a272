package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

    private final LocalStore store = new LocalStore(100, Duration.ofDays(1));
    /** Reads cachet:C:1 with the counters cachet-v:cache:C and cachet-v:key:C:1. */
    private final Lookup lookup = new CacheKeys(new EntryKeys(""), "C", KeyTemplate.ofArguments(List.of(0)), List.of())
            .lookup(new Object[] {1});

    @Test
    void countersStartAtZeroAndOnlyGrow() {
        Found found = store.get(lookup);
        assertThat(found.bytes).isNull();
        assertThat(found.versions).isEqualTo(Versions.of(0, 0));
        store.invalidate(Invalidation.bumping("cachet-v:cache:C", "cachet-v:cache:C"));
        assertThat(store.versions(lookup)).isEqualTo(Versions.of(2, 0));
        assertThat(store.get(lookup).versions).isEqualTo(Versions.of(2, 0));
    }

    @Test
    void bumpDeletesNamedEntriesAndBumpAndPutStores() {
        store.put("cachet:C:1", new byte[] {1}, 60_000);
        store.invalidate(new Invalidation(List.of("cachet-v:key:C:1"), List.of("cachet:C:1")));
        assertThat(store.get(lookup).bytes).isNull();
        store.bumpAndPut("cachet-v:key:C:1", "cachet:C:1", new byte[] {2}, 60_000);
        Found found = store.get(lookup);
        assertThat(found.bytes).containsExactly(2);
        assertThat(found.versions).isEqualTo(Versions.of(0, 2));
    }
}
