package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A tag eviction is one counter bump, whatever number of entries carry the tag: evicting a tag
 * carried by 100,000 entries does the same work as one carried by a single entry, and both
 * invalidate every carrier. The medians are printed for the record, not asserted.
 */
class TagScaleIT extends RedisBackedTest {

    @Test
    void evictingATagCarriedBy100000EntriesCostsTheSameAsOneCarriedByOne() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "scale").start().awaitConnected()) {
            app.call("bulk.fill big 100000");
            app.call("bulk.fill small 1");
            Awaitility.await("100,001 entries in Redis").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> (Long) resp.command("DBSIZE") >= 100_001);
            int loads = app.count("bulk.item");
            app.call("bulk.item big 99999");
            app.call("bulk.item small 0");
            assertThat(app.count("bulk.item")).as("both groups cached").isEqualTo(loads);

            String big = app.call("bulk.evictTimed big");
            String small = app.call("bulk.evictTimed small");
            System.out.println("[it] tag eviction, median of 21: tag on 100,000 entries " + big.replace(" <Long>", "")
                    + " us; tag on 1 entry " + small.replace(" <Long>", "") + " us");

            for (int i = 0; i < 100_000; i += 9_999) {
                app.call("bulk.item big " + i);
            }
            app.call("bulk.item small 0");
            assertThat(app.count("bulk.item")).as("every sampled carrier of both tags is a miss").isEqualTo(loads + 12);
            assertThat(resp.keys("scale:cachet-v:*")).as("the two tags' counters and the cache's, whatever the number of entries")
                    .containsExactlyInAnyOrder("scale:cachet-v:tag:group:big", "scale:cachet-v:tag:group:small", "scale:cachet-v:cache:Bulk.item");
        }
    }
}
