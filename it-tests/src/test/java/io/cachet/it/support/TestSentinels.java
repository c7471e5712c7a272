package io.cachet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * One master, one replica and three sentinels (quorum 2), {@code redis-server} processes on
 * loopback. A master that stops answering is declared down after
 * {@value #DOWN_AFTER_MS} ms and its replica promoted.
 */
public final class TestSentinels implements ReplicatedRedis {

    static final String MASTER_NAME = "cachet";
    static final int DOWN_AFTER_MS = 1000;

    private final RedisNode first;
    private final RedisNode second;
    private final List<RedisNode> sentinels = new ArrayList<>();
    private final Path yaml;

    private TestSentinels() {
        first = RedisNode.start("sentinel-master");
        RedisNode replica = null;
        try {
            replica = RedisNode.start("sentinel-replica", "--replicaof", "127.0.0.1", String.valueOf(first.port));
            awaitReplicating(replica);
            for (int i = 0; i < 3; i++) {
                sentinels.add(RedisNode.start("sentinel", sentinelConfig(first.port), List.of("--sentinel")));
            }
            for (RedisNode s : sentinels) {
                Awaitility.await("sentinel " + s.port + " sees the replica and the other sentinels")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                            List<?> master = (List<?>) s.command("SENTINEL", "MASTER", MASTER_NAME);
                            return "1".equals(field(master, "num-slaves")) && "2".equals(field(master, "num-other-sentinels"));
                        });
            }
            yaml = writeYaml();
        } catch (RuntimeException | Error e) {
            second = replica;
            close();
            throw e;
        }
        second = replica;
    }

    public static TestSentinels start() {
        return new TestSentinels();
    }

    private static Path sentinelConfig(int masterPort) {
        try {
            // Sentinels rewrite their file, so each gets one of its own.
            Path file = Files.createTempFile("cachet-sentinel", ".conf");
            Files.writeString(file, "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2\n"
                    + "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS + "\n"
                    + "sentinel failover-timeout " + MASTER_NAME + " 5000\n"
                    + "sentinel parallel-syncs " + MASTER_NAME + " 1\n");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeYaml() {
        StringBuilder y = new StringBuilder("sentinelServersConfig:\n  masterName: \"" + MASTER_NAME + "\"\n  sentinelAddresses:\n");
        for (RedisNode s : sentinels) {
            y.append("  - \"").append(s.address()).append("\"\n");
        }
        y.append("  scanInterval: 1000\n  checkSentinelsList: false\n");
        try {
            Path file = Files.createTempFile(first.dir, "redisson-sentinel", ".yaml");
            Files.writeString(file, y.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(List<?> flat, String name) {
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (name.equals(new String((byte[]) flat.get(i), StandardCharsets.UTF_8))) {
                return new String((byte[]) flat.get(i + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public Path redissonYaml() {
        return yaml;
    }

    /** The master the sentinels name now. */
    @Override
    public RedisNode masterFor(String key) {
        for (RedisNode s : sentinels) {
            if (s.alive()) {
                List<?> addr = (List<?>) s.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                int port = Integer.parseInt(new String((byte[]) addr.get(1), StandardCharsets.UTF_8));
                return first.port == port ? first : second;
            }
        }
        throw new IllegalStateException("no sentinel answers");
    }

    @Override
    public RedisNode replicaOf(RedisNode master) {
        return master == first ? second : first;
    }

    @Override
    public boolean promoted(RedisNode replica) {
        try {
            return "master".equals(replica.info("replication", "role")) && masterFor("") == replica;
        } catch (UncheckedIOException e) {
            return false; // sentinels close the clients of the node they promote
        }
    }

    /**
     * Up to a minute: a restarted old master comes back as a master, and a sentinel turns it
     * into a replica only once it has reported that role for 8 s (four publish periods, for a
     * newer configuration to arrive first), a role it learns from the INFO it sends a replica
     * as seldom as every 10 s; then the full sync. Some 20 s when the machine is idle; beyond 30 s once, beside another
     * IT class in a clean-clone run.
     */
    @Override
    public void awaitReplicating(RedisNode node) {
        Awaitility.await("node " + node.port + " replicating").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> "slave".equals(node.info("replication", "role"))
                        && "up".equals(node.info("replication", "master_link_status")));
    }

    @Override
    public String kind() {
        return "1 master, 1 replica, 3 sentinels";
    }

    @Override
    public void close() {
        sentinels.forEach(RedisNode::close);
        if (second != null) {
            second.close();
        }
        first.close();
    }
}
