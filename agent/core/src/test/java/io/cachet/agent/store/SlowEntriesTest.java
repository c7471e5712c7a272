package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reads that time out while Redis answers take one cache off Redis for a while, never the others (issue 13, item 8). */
class SlowEntriesTest {

    @Test
    void slowReadsInARowTakeThatCacheAloneOffRedis() {
        SlowEntries slow = new SlowEntries(2, Long.MAX_VALUE / 4);
        slow.timedOut("Payloads.blob", 100);
        assertThat(slow.off("Payloads.blob")).as("after one").isFalse();
        slow.timedOut("Payloads.blob", 100);
        assertThat(slow.off("Payloads.blob")).as("after two in a row").isTrue();
        assertThat(slow.off("Records.read")).as("another cache").isFalse();
    }

    @Test
    void aReadThatComesBackInTimeClearsTheCount() {
        SlowEntries slow = new SlowEntries(2, Long.MAX_VALUE / 4);
        slow.timedOut("Payloads.blob", 100);
        slow.answered("Payloads.blob");
        slow.timedOut("Payloads.blob", 100);
        assertThat(slow.off("Payloads.blob")).isFalse();
    }

    @Test
    void onlyEntriesOfAMebibyteOrMoreAreRememberedAsLarge() {
        SlowEntries slow = new SlowEntries(2, Long.MAX_VALUE / 4);
        slow.storing("cachet:Payloads.blob:50", 50 << 20);
        slow.storing("cachet:Records.read:2", 100);
        assertThat(slow.large("cachet:Payloads.blob:50")).isTrue();
        assertThat(slow.large("cachet:Records.read:2")).isFalse();
        slow.storing("cachet:Payloads.blob:50", 100);
        assertThat(slow.large("cachet:Payloads.blob:50")).as("stored small since").isFalse();
    }
}
