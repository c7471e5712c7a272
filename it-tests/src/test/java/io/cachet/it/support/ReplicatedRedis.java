package io.cachet.it.support;

import java.nio.file.Path;

/**
 * A Redis deployment with masters and replicas that the tests can fail over: a Redis Cluster or
 * a Sentinel-watched master. Every process is started by the test on loopback and stopped by
 * {@link #close()}.
 */
public interface ReplicatedRedis extends AutoCloseable {

    /** A Redisson YAML file for this deployment, as an application would point Cachet at it. */
    Path redissonYaml();

    /** The node that is master for {@code key} now. */
    RedisNode masterFor(String key);

    /** The replica of {@code master}. */
    RedisNode replicaOf(RedisNode master);

    /** Whether {@code replica} has been promoted and serves its keys as master now. */
    boolean promoted(RedisNode replica);

    /** Waits until {@code node} (an old master, restarted) replicates the current master. */
    void awaitReplicating(RedisNode node);

    /** Whether {@code key} exists on its master. */
    default boolean exists(String key) {
        return (Long) masterFor(key).command("EXISTS", key) == 1;
    }

    String kind();

    @Override
    void close();
}
