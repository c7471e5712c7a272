package io.cachet.agent.store;

import io.cachet.agent.key.Versions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.connection.ConnectionManager;

/**
 * The hot read: one MGET of an entry and its counters, sent through Redisson's command executor
 * rather than {@code RBuckets}, whose batch machinery (a slot split, a Map per answer, futures
 * combined on Redisson's threads) cost as much again as the command itself. The answer is the
 * list Redis sent, parsed by the caller. Where the keys lie in different slots of a cluster the
 * read goes through {@code RBuckets}, which splits it by node.
 */
final class RedisReads {

    private RedisReads() {
    }

    /** MGET of {@code keys} on {@code client}: the values in the order of {@code keys}, {@code null} where absent. */
    static CompletionStage<List<Object>> mget(RedissonClient client, String[] keys) {
        CommandAsyncExecutor executor = ((Redisson) client).getCommandExecutor();
        if (oneSlot(executor.getConnectionManager(), keys[0], keys)) {
            return executor.readAsync(keys[0], ByteArrayCodec.INSTANCE, RedisCommands.MGET, (Object[]) keys);
        }
        return client.getBuckets(ByteArrayCodec.INSTANCE).<byte[]>getAsync(keys).thenApply(found -> inOrder(found, keys));
    }

    /** Whether {@code client} speaks to a Redis Cluster, whose keys lie in slots of several nodes. */
    static boolean cluster(RedissonClient client) {
        return ((Redisson) client).getCommandExecutor().getConnectionManager().getServiceManager().isClusterSetup();
    }

    /** Whether one node answers for {@code first} and all of {@code keys}: always, but on a cluster. */
    static boolean oneSlot(ConnectionManager connections, String first, String... keys) {
        if (!connections.getServiceManager().isClusterSetup()) {
            return true;
        }
        int slot = connections.calcSlot(first);
        for (String key : keys) {
            if (connections.calcSlot(key) != slot) {
                return false;
            }
        }
        return true;
    }

    private static List<Object> inOrder(Map<String, byte[]> found, String[] keys) {
        Object[] values = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = found.get(keys[i]);
        }
        return Arrays.asList(values);
    }

    /** What a read of an entry key followed by its counter keys found. */
    static Found found(List<Object> values) {
        return new Found((byte[]) values.get(0), counters(values, 1));
    }

    /** The counters in {@code values} from index {@code first} on. */
    static Versions counters(List<Object> values, int first) {
        long[] versions = new long[values.size() - first];
        for (int i = 0; i < versions.length; i++) {
            versions[i] = counterValue((byte[]) values.get(first + i));
        }
        return Versions.of(versions);
    }

    /** A counter as MGET returns it: decimal digits, or nothing when absent. */
    static long counterValue(byte[] digits) {
        if (digits == null) {
            return 0;
        }
        long v = 0;
        for (byte b : digits) {
            if (b < '0' || b > '9' || v > Long.MAX_VALUE / 10) {
                return Versions.FOREIGN; // not a counter of ours: can match no recorded version
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }
}
