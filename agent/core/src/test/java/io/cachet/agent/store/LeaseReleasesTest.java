package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lease whose holder gave up (its load ended while Redis did not answer) is released later,
 * whatever happened to the first attempt, and is known to be given up until then. The "Redis"
 * here is a map of lease keys to tokens that a test switches off and on.
 */
class LeaseReleasesTest {

    private final Map<String, String> redis = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean answering = true;
    private final LeaseReleases releases = new LeaseReleases(this::compareAndDelete);

    private CompletionStage<?> compareAndDelete(Lease lease) {
        attempts.incrementAndGet();
        if (!answering) {
            return CompletableFuture.failedFuture(new StoreException("scripted: Redis does not answer", null));
        }
        return CompletableFuture.completedFuture(redis.remove(lease.key, lease.token));
    }

    @AfterEach
    void stop() {
        releases.close();
    }

    private Lease taken(String key) {
        Lease lease = Lease.on(key);
        redis.put(key, lease.token);
        lease.taken(60_000);
        return lease;
    }

    @Test
    void aReleaseThatFailsIsRetriedUntilItLands() {
        Lease lease = taken("lease:1");
        answering = false;
        releases.release(lease); // the load ended while Redis did not answer: its holder has given up
        assertThat(redis).as("still in Redis").containsKey("lease:1");
        assertThat(releases.owedOn("lease:1")).as("known here to be given up").isSameAs(lease);
        awaitUntil(() -> attempts.get() >= 3);
        answering = true;
        awaitUntil(() -> !redis.containsKey("lease:1"));
        // Owed until the reply to the release that landed is handled, on the retrier's thread
        // just after Redis took it: asserting at once raced that thread (seen once in CI).
        awaitUntil(() -> releases.owedOn("lease:1") == null);
        assertThat(releases.owedOn("lease:1")).as("released: nothing owed").isNull();
    }

    @Test
    void aReleaseThatLandsLeavesNothingOwed() {
        Lease lease = taken("lease:2");
        releases.release(lease);
        assertThat(redis).doesNotContainKey("lease:2");
        assertThat(releases.owedOn("lease:2")).isNull();
    }

    @Test
    void aLeaseWhoseSetWentUnansweredIsReleasedEvenWhenTheSetLandsAfterTheFirstRelease() {
        Lease lease = Lease.on("lease:4");
        lease.unanswered(60_000); // the SET timed out here and is still on its way
        releases.release(lease);
        assertThat(releases.owedOn("lease:4")).as("a release that found nothing may have overtaken the SET").isSameAs(lease);
        int before = attempts.get();
        redis.put("lease:4", lease.token); // the slow link delivers the SET now
        awaitUntil(() -> !redis.containsKey("lease:4"));
        assertThat(attempts.get()).isGreaterThan(before);
        awaitUntil(() -> releases.owedOn("lease:4") == null); // as above: once the reply is handled
        assertThat(releases.owedOn("lease:4")).as("released: nothing owed").isNull();
    }

    @Test
    void anExpiredLeaseIsNotRetried() {
        Lease lease = Lease.on("lease:3");
        lease.taken(0);
        answering = false;
        releases.release(lease);
        assertThat(releases.owedOn("lease:3")).as("expired in Redis already: nobody waits for it").isNull();
        assertThat(attempts).as("not even tried").hasValue(0);
    }

    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition reached within 5 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
