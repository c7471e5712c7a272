package io.cachet.agent.store;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Leases in Redis, {@link RedisStore}'s for its single-flight across JVMs: taken with
 * {@code SET NX PX}, alone or in one script with the read its holder needs
 * ({@link LeasedCommands}), given back by compare-and-delete ({@link LeaseReleases}). A lease
 * whose taking went unanswered is owed a release, and a miss of the same key in this JVM takes an
 * owed lease over at once rather than wait for it.
 */
final class RedisLeases {

    private final RedisCalls calls;
    private final LeaseReleases releases;

    RedisLeases(RedisCalls calls, LeaseReleases releases) {
        this.calls = calls;
        this.releases = releases;
    }

    /** {@link CacheStore#tryLease}, on {@code c}. */
    boolean take(RedissonClient c, Lease lease, long leaseMillis) {
        return taking(c, lease, leaseMillis, () -> calls.await(c.getBucket(lease.key, StringCodec.INSTANCE)
                .setIfAbsentAsync(lease.token, Duration.ofMillis(leaseMillis)), "lease"), taken -> taken);
    }

    /**
     * Takes {@code lease}, and only then reads {@code readKeys}, in one script.
     *
     * @return what the read found, or an empty list when the lease was held by another
     */
    List<Object> takeThenRead(RedissonClient c, Lease lease, long leaseMillis, String[] readKeys) {
        return taking(c, lease, leaseMillis, () -> calls.await(LeasedCommands.takeThenMget(c, lease, leaseMillis, readKeys), "lease",
                readKeys[0]), values -> !values.isEmpty());
    }

    /**
     * Reads {@code readKeys} and, only if the entry is absent, takes {@code lease}, in one script;
     * {@link Lease#takenHere} says whether it was taken.
     *
     * @return what the read found
     */
    List<Object> readThenTake(RedissonClient c, Lease lease, long leaseMillis, String[] readKeys) {
        List<Object> reply = taking(c, lease, leaseMillis, () -> calls.await(LeasedCommands.mgetThenTake(c, lease, leaseMillis, readKeys),
                "lease", readKeys[0]), r -> LeasedCommands.taken(r, readKeys.length));
        return LeasedCommands.readValues(reply, readKeys.length);
    }

    /** {@link CacheStore#leaseHeld}. */
    boolean held(Lease lease) {
        return calls.await(calls.client().getBucket(lease.key, StringCodec.INSTANCE).isExistsAsync(), "lease check");
    }

    /** {@link CacheStore#release}: owed until it lands. */
    void release(Lease lease) {
        releases.release(lease);
    }

    void close() {
        releases.close();
    }

    /** A lease on the same key that this JVM's own load ended without releasing is taken over at once. */
    private void takeOverOwed(RedissonClient c, Lease lease) {
        Lease givenUp = releases.owedOn(lease.key);
        if (givenUp != null) {
            calls.await(c.getBucket(lease.key, StringCodec.INSTANCE).compareAndSetAsync(givenUp.token, null), "lease release");
            releases.released(givenUp);
        }
    }

    /**
     * Takes over an owed lease on the same key, sends what takes {@code lease}, and marks it taken
     * when {@code tookIt} says the reply took it; owes its release should the reply not come.
     */
    private <T> T taking(RedissonClient c, Lease lease, long leaseMillis, Supplier<T> send, Predicate<T> tookIt) {
        takeOverOwed(c, lease);
        T reply;
        try {
            reply = send.get();
        } catch (StoreException e) {
            // No answer is not a no: behind a slow link the SET lands after the timeout and the
            // lease holds with nobody to release it, so every JVM's next miss of the key waits
            // cachet.lease.wait for it (seen in FaultMatrixIT after the 300 ms latency phase).
            lease.unanswered(leaseMillis);
            releases.release(lease);
            throw e;
        }
        if (tookIt.test(reply)) {
            lease.taken(leaseMillis);
        }
        return reply;
    }
}
