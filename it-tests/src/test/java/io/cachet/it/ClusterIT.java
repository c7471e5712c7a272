package io.cachet.it;

import io.cachet.it.support.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReplicatedRedisContract} on a Redis Cluster of 3 masters and 3 replicas. */
class ClusterIT extends ReplicatedRedisContract {

    @BeforeAll
    static void startCluster() {
        redis = TestCluster.start();
        System.out.println("[it] Redis for this test: " + redis.kind());
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }
}
