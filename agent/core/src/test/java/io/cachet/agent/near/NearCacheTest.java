package io.cachet.agent.near;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.Lookup;
import io.cachet.agent.key.Versions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearCacheTest {

    /** Reads cachet:C:1 with the counters cachet-v:cache:C, cachet-v:key:C:1 and cachet-v:tag:t. */
    private static final Lookup LOOKUP = new CacheKeys(new EntryKeys(""), "C", KeyTemplate.ofArguments(List.of(0)),
            List.of(KeyTemplate.parse("t", 1, name -> -1))).lookup(new Object[] {1});
    private static final String[] KEYS = LOOKUP.readKeys();
    private static final byte[] BYTES = {1, 2, 3};
    private static final Versions VERSIONS = Versions.of(0, 0, 0);

    private final NearCache near = new NearCache(100, Duration.ofSeconds(30));

    @Test
    void theLookupReadsTheEntryAndItsCounters() {
        assertThat(KEYS).containsExactly("cachet:C:1", "cachet-v:cache:C", "cachet-v:key:C:1", "cachet-v:tag:t");
    }

    @Test
    void nothingIsKeptOrServedBeforeItListens() {
        assertThat(near.watch(near.byRedisKey(), KEYS[0], LOOKUP)).isNull();
        near.listening();
        NearCache.Watch w = near.watch(near.byRedisKey(), KEYS[0], LOOKUP);
        near.fill(w, 60_000, BYTES, VERSIONS, "v");
        near.deaf("test");
        assertThat(near.get(near.byRedisKey(), KEYS[0])).isNull();
        assertThat(near.watch(near.byRedisKey(), KEYS[0], LOOKUP)).isNull();
    }

    @Test
    void aBumpOfAnyCounterTheEntryDependsOnMakesItAMiss() {
        near.listening();
        for (int i = 1; i < KEYS.length; i++) {
            near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 60_000, BYTES, VERSIONS, "v");
            assertThat(near.get(near.byRedisKey(), KEYS[0])).isNotNull();
            near.bumped(List.of(KEYS[i]));
            assertThat(near.get(near.byRedisKey(), KEYS[0])).as("after a bump of " + KEYS[i]).isNull();
        }
    }

    @Test
    void aBumpHeardWhileTheEntryWasBeingReadKeepsItOut() {
        near.listening();
        NearCache.Watch w = near.watch(near.byRedisKey(), KEYS[0], LOOKUP);
        near.bumped(List.of("cachet-v:tag:t")); // while the read from Redis is in flight
        near.fill(w, 60_000, BYTES, VERSIONS, "v");
        assertThat(near.get(near.byRedisKey(), KEYS[0])).isNull();
    }

    @Test
    void bumpsOfOtherCountersLeaveItAlone() {
        near.listening();
        near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 60_000, BYTES, VERSIONS, "v");
        near.bumped(List.of("cachet-v:tag:other", "cachet-v:key:C:2"));
        assertThat(near.get(near.byRedisKey(), KEYS[0])).isNotNull();
    }

    @Test
    void aNewSubscriptionDropsEverythingAndEveryReadInFlight() {
        near.listening();
        near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 60_000, BYTES, VERSIONS, "v");
        NearCache.Watch inFlight = near.watch(near.byRedisKey(), KEYS[0], LOOKUP);
        near.listening(); // resubscribed: announcements in between may be lost
        assertThat(near.get(near.byRedisKey(), KEYS[0])).isNull();
        near.fill(inFlight, 60_000, BYTES, VERSIONS, "v");
        assertThat(near.get(near.byRedisKey(), KEYS[0])).isNull();
    }

    @Test
    void anEntryPastItsOwnTtlIsNotKept() {
        near.listening();
        near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 0, BYTES, VERSIONS, "v");
        assertThat(near.get(near.byRedisKey(), KEYS[0])).isNull();
    }

    @Test
    void onlyValuesNoCallerCanMutateAreShared() {
        near.listening();
        near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 60_000, BYTES, VERSIONS, "immutable");
        assertThat(near.get(near.byRedisKey(), KEYS[0]).shared).isEqualTo("immutable");
        near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 60_000, BYTES, VERSIONS, new StringBuilder("mutable"));
        assertThat(near.get(near.byRedisKey(), KEYS[0]).shared).isNull();
        assertThat(near.get(near.byRedisKey(), KEYS[0]).bytes).isEqualTo(BYTES);
    }

    @Test
    void aMutableValueIsDecodedOnceThenEveryCallerGetsACopyOfItsOwn() {
        near.listening();
        near.fill(near.watch(near.byRedisKey(), KEYS[0], LOOKUP), 60_000, BYTES, VERSIONS, new ArrayList<>(List.of("a")));
        NearEntry e = near.get(near.byRedisKey(), KEYS[0]);
        assertThat(e.served()).as("nothing to copy from before the first decode").isNull();
        List<String> decoded = new ArrayList<>(List.of("a"));
        @SuppressWarnings("unchecked")
        List<String> first = (List<String>) e.adopt(decoded);
        assertThat(first).isNotSameAs(decoded).containsExactly("a");
        first.add("changed by the first caller");
        @SuppressWarnings("unchecked")
        List<String> second = (List<String>) near.get(near.byRedisKey(), KEYS[0]).served();
        assertThat(second).isNotSameAs(first).isNotSameAs(decoded).containsExactly("a");
    }

    @Test
    void eachMethodFindsItsEntriesByValueInAPartitionOfItsOwn() {
        near.listening();
        NearCache.Partition one = near.partition(null);
        NearCache.Partition other = near.partition(null);
        assertThat(near.partition(one)).as("kept when it is this near cache's").isSameAs(one);
        assertThat(new NearCache(100, Duration.ofSeconds(30)).partition(one)).as("another near cache's is replaced").isNotSameAs(one);
        near.fill(near.watch(one, 1L, LOOKUP), 60_000, BYTES, VERSIONS, "one's");
        near.fill(near.watch(near.byRedisKey(), "1", LOOKUP), 60_000, BYTES, VERSIONS, "by Redis key");
        assertThat(near.get(one, 1L).shared).isEqualTo("one's");
        assertThat(near.get(other, 1L)).as("another method's call with the same argument").isNull();
        assertThat(near.get(one, "1")).as("an argument that spells a Redis key").isNull();
        near.bumped(List.of(KEYS[2]));
        assertThat(near.get(one, 1L)).as("after a bump of a counter it depends on").isNull();
        near.fill(near.watch(one, 1L, LOOKUP), 60_000, BYTES, VERSIONS, "one's");
        near.deaf("test");
        near.listening();
        assertThat(near.get(one, 1L)).as("after a gap in the announcements").isNull();
    }

    @Test
    void theBoundCountsTheEntriesOfEveryPartition() {
        NearCache small = new NearCache(10, Duration.ofSeconds(30));
        small.listening();
        NearCache.Partition method = small.partition(null);
        for (int i = 0; i < 6; i++) {
            small.fill(small.watch(method, (long) i, LOOKUP), 60_000, BYTES, VERSIONS, "v");
            small.fill(small.watch(small.byRedisKey(), "k" + i, LOOKUP), 60_000, BYTES, VERSIONS, "v");
        }
        int served = 0;
        for (int i = 0; i < 6; i++) {
            served += (small.get(method, (long) i) == null ? 0 : 1) + (small.get(small.byRedisKey(), "k" + i) == null ? 0 : 1);
        }
        assertThat(served).isLessThanOrEqualTo(10);
        assertThat(small.get(small.byRedisKey(), "k5")).as("the newest entry").isNotNull();
    }

    @Test
    void aFullCacheMakesRoomForTheNewEntry() {
        NearCache small = new NearCache(10, Duration.ofSeconds(30));
        small.listening();
        int served = 0;
        for (int i = 0; i < 11; i++) {
            small.fill(small.watch(small.byRedisKey(), "k" + i, LOOKUP), 60_000, BYTES, VERSIONS, "v");
        }
        for (int i = 0; i < 11; i++) {
            served += small.get(small.byRedisKey(), "k" + i) == null ? 0 : 1;
        }
        assertThat(served).isLessThanOrEqualTo(10);
        assertThat(small.get(small.byRedisKey(), "k10")).isNotNull();
    }
}
