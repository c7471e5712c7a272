package io.cachet.it.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class sharing one {@link TestRedis} and one raw client across its tests. */
public abstract class RedisBackedTest {

    protected static TestRedis redis;
    protected static RedisResp resp;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
        resp = redis.client();
    }

    @AfterAll
    static void stopRedis() {
        if (resp != null) {
            resp.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Entries are written without making the caller wait: a test awaits one before relying on it. */
    protected static void awaitKey(String key) {
        Awaitility.await(key).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() -> resp.exists(key));
    }
}
