package io.cachet.it;

import io.cachet.it.support.TestSentinels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReplicatedRedisContract} on a Sentinel deployment: 1 master, 1 replica, 3 sentinels. */
class SentinelIT extends ReplicatedRedisContract {

    @BeforeAll
    static void startSentinels() {
        redis = TestSentinels.start();
        System.out.println("[it] Redis for this test: " + redis.kind());
    }

    @AfterAll
    static void stopSentinels() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
