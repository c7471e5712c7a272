package io.cachet.agent.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;

/**
 * Taking a miss's lease together with the read a new holder makes right after (the previous
 * holder may have stored the entry just before releasing): one script, where it was two round
 * trips on the caller's thread, the second waiting for the first. Redis runs both halves in one
 * go and in the same order, so nothing another JVM can see changes. A script cannot span slots:
 * where one node does not hold all the keys (a cluster, whose counters lie in other slots) the
 * two are sent one after the other, as before.
 *
 * <p>A miss that follows a miss of the same method goes further: the MGET comes first, and the
 * lease is taken in the same script only if it found no entry ({@link #mgetThenTake}), so that
 * such a miss costs one round trip before the method runs, not two. Redis runs the two without
 * another command in between: no entry can be stored between the read that found none and the
 * lease, so the holder need not read again.
 *
 * <p>Storing the entry with the release after it was tried the same way and bought nothing
 * measurable (both are sent behind the caller, and the script cost Redis what the two commands
 * did), so they stay two commands.
 */
final class LeasedCommands {

    /** {@code SET NX PX} as {@code RedisStore.tryLease} sends it; then, if it was taken, the MGET {@code RedisStore.get} sends. */
    private static final String TAKE_THEN_MGET =
            "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
            + "return redis.call('mget', unpack(KEYS, 2)) end "
            + "return {}";

    /**
     * The MGET {@code RedisStore.get} sends; then, if the entry (its first key) is absent, the
     * {@code SET NX PX} of {@link #TAKE_THEN_MGET}. The MGET's values come back with one more
     * after them: {@link #TAKEN} if the lease was taken, else {@code 0}.
     */
    private static final String MGET_THEN_TAKE =
            "local found = redis.call('mget', unpack(KEYS, 2)) "
            + "local taken = '0' "
            + "if not found[1] and redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then taken = '1' end "
            + "found[#found + 1] = taken "
            + "return found";
    private static final byte[] TAKEN = {'1'};

    private LeasedCommands() {
    }

    /** Whether {@code lease} and {@code readKeys} can go in one script: one node holds them all. */
    static boolean oneScript(RedissonClient client, Lease lease, String[] readKeys) {
        return RedisReads.oneSlot(executor(client).getConnectionManager(), lease.key, readKeys);
    }

    /**
     * Takes {@code lease} for {@code leaseMillis} and, if it was taken, reads {@code readKeys};
     * only where {@link #oneScript} says so.
     *
     * @return what the MGET found, in the order of {@code readKeys}; an empty list when someone
     *     else holds the lease
     */
    static CompletionStage<List<Object>> takeThenMget(RedissonClient client, Lease lease, long leaseMillis, String[] readKeys) {
        return script(client, TAKE_THEN_MGET, lease, leaseMillis, readKeys);
    }

    /**
     * Reads {@code readKeys} and, if the entry (the first of them) is absent, takes {@code lease}
     * for {@code leaseMillis}; only where {@link #oneScript} says so.
     *
     * @return what the MGET found, in the order of {@code readKeys}, and then whether the lease
     *     was taken: see {@link #taken}
     */
    static CompletionStage<List<Object>> mgetThenTake(RedissonClient client, Lease lease, long leaseMillis, String[] readKeys) {
        return script(client, MGET_THEN_TAKE, lease, leaseMillis, readKeys);
    }

    /** Whether {@code reply}, to {@link #mgetThenTake} of {@code readCount} keys, says the lease was taken. */
    static boolean taken(List<Object> reply, int readCount) {
        return reply.size() == readCount + 1 && reply.get(readCount) instanceof byte[]
                && Arrays.equals(TAKEN, (byte[]) reply.get(readCount));
    }

    /**
     * The MGET's values in {@code reply}, to {@link #mgetThenTake} of {@code readCount} keys; a
     * reply of another shape whole, for the store's check to drop the connection that carried it.
     */
    static List<Object> readValues(List<Object> reply, int readCount) {
        return reply.size() == readCount + 1 ? reply.subList(0, readCount) : reply;
    }

    private static CompletionStage<List<Object>> script(RedissonClient client, String script, Lease lease, long leaseMillis,
                                                        String[] readKeys) {
        List<Object> keys = new ArrayList<>(readKeys.length + 1);
        keys.add(lease.key);
        keys.addAll(Arrays.asList(readKeys));
        return executor(client).evalWriteAsync(lease.key, ByteArrayCodec.INSTANCE, RedisCommands.EVAL_LIST, script,
                keys, utf8(lease.token), utf8(Long.toString(leaseMillis)));
    }

    private static CommandAsyncExecutor executor(RedissonClient client) {
        return ((Redisson) client).getCommandExecutor();
    }

    /** Values go through the byte codec: strings are sent as their bytes. */
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
