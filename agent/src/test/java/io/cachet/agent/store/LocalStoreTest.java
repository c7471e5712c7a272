package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalStoreTest {

    private final LocalStore store = new LocalStore(100, Duration.ofDays(1));

    @Test
    void countersStartAtZeroAndOnlyGrow() {
        long[] versions = new long[2];
        assertThat(store.get(new String[] {"e", "v1", "v2"}, versions)).isNull();
        assertThat(versions).containsExactly(0, 0);
        assertThat(store.bumpDeleteRead(new String[] {"v1", "v1"}, new String[0], new String[] {"v1", "v2"}, 1000))
                .containsExactly(1, 2, 2, 0);
        store.get(new String[] {"e", "v1", "v2"}, versions);
        assertThat(versions).containsExactly(2, 0);
    }

    @Test
    void bumpDeletesNamedEntriesAndBumpAndPutStores() {
        store.put("e", new byte[] {1}, 60_000);
        store.bumpDeleteRead(new String[] {"k"}, new String[] {"e"}, new String[0], 1000);
        assertThat(store.get(new String[] {"e"}, new long[0])).isNull();
        store.bumpAndPut("k", 1000, "e", new byte[] {2}, 60_000);
        long[] versions = new long[1];
        assertThat(store.get(new String[] {"e", "k"}, versions)).containsExactly(2);
        assertThat(versions).containsExactly(2);
    }
}
