package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.apps.faults.Records;
import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.RedisResp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 4: an entry with one bit flipped, anywhere in it, must never be served as a
 * value: corrupt bytes are a miss. Every bit of a real entry is flipped in turn (written back
 * over the entry with its TTL kept) and the record read once; the record does not change, so
 * every read must return its one true value.
 */
class CorruptEntryIT {

    private static final int K = 5;
    private static final String ENTRY = "corrupt:cachet:Records.read:" + K;

    @Test
    void noSingleBitFlipOfAnEntryIsServed() {
        try (RedisNode redis = RedisNode.start("corrupt-entry");
             RedisResp raw = redis.client();
             AgentJvm jvm = AgentJvm.builder().redis(redis.address(), "corrupt").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            String truth = Records.value(K, 0);
            assertThat(app.read(K)).isEqualTo(truth);
            Awaitility.await(ENTRY).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> raw.exists(ENTRY));
            byte[] entry = raw.getBytes(ENTRY);

            List<String> served = new ArrayList<>();
            int flips = entry.length * 8;
            for (int bit = 0; bit < flips; bit++) {
                byte[] flipped = entry.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                raw.command("SET", ENTRY, flipped, "KEEPTTL");
                long loads = app.loads(K);
                String got = app.read(K);
                if (!got.equals(truth)) {
                    served.add("bit " + bit + " (byte " + bit / 8 + " of " + entry.length + "): " + got);
                }
                if (app.loads(K) != loads) {
                    // A miss reloads and stores the entry again; let that store land before the next flip overwrites it.
                    Awaitility.await("the reload's store").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                            .until(() -> !Arrays.equals(raw.getBytes(ENTRY), flipped));
                }
            }
            assertThat(served).as("single-bit flips of the %d-byte entry of read(%d) that were served instead of %s (%d of %d)",
                    entry.length, K, truth, served.size(), flips).isEmpty();
        }
    }
}
