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
        List<Object> keys = new ArrayList<>(readKeys.length + 1);
        keys.add(lease.key);
        keys.addAll(Arrays.asList(readKeys));
        return executor(client).evalWriteAsync(lease.key, ByteArrayCodec.INSTANCE, RedisCommands.EVAL_LIST, TAKE_THEN_MGET,
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
