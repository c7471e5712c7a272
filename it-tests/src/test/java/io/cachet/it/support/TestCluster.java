package io.cachet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A Redis Cluster of three masters and three replicas, {@code redis-server} processes on
 * loopback, built with CLUSTER MEET / ADDSLOTSRANGE / REPLICATE. A node that stops answering is
 * failed over after {@value #NODE_TIMEOUT_MS} ms; replicas may take over however far behind they
 * are ({@code cluster-replica-validity-factor 0}), which is what lets a test stall a replica and
 * then promote it.
 */
public final class TestCluster implements ReplicatedRedis {

    static final int NODE_TIMEOUT_MS = 1000;
    private static final int MASTERS = 3;
    private static final int SLOTS = 16384;

    private final List<RedisNode> nodes = new ArrayList<>();
    private final Map<Integer, String> idsByPort = new LinkedHashMap<>();
    private final Path yaml;

    private TestCluster() {
        try {
            for (int i = 0; i < 2 * MASTERS; i++) {
                RedisNode n = RedisNode.start("cluster", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS), "--cluster-replica-validity-factor", "0");
                nodes.add(n);
                idsByPort.put(n.port, new String((byte[]) n.command("CLUSTER", "MYID"), StandardCharsets.UTF_8));
            }
            RedisNode first = nodes.get(0);
            for (RedisNode n : nodes.subList(1, nodes.size())) {
                first.command("CLUSTER", "MEET", "127.0.0.1", n.port);
            }
            for (int i = 0; i < MASTERS; i++) {
                nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", i * SLOTS / MASTERS, (i + 1) * SLOTS / MASTERS - 1);
            }
            for (RedisNode n : nodes) {
                Awaitility.await("node " + n.port + " knows every node").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(50)).until(() -> clusterNodes(n).size() == nodes.size());
            }
            for (int i = 0; i < MASTERS; i++) {
                nodes.get(MASTERS + i).command("CLUSTER", "REPLICATE", idsByPort.get(nodes.get(i).port));
            }
            for (RedisNode n : nodes) {
                Awaitility.await("node " + n.port + " sees the cluster ok").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50)).until(() -> "ok".equals(clusterInfo(n, "cluster_state")));
            }
            for (int i = 0; i < MASTERS; i++) {
                awaitReplicating(nodes.get(MASTERS + i));
            }
            yaml = writeYaml();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public static TestCluster start() {
        return new TestCluster();
    }

    public List<RedisNode> nodes() {
        return nodes;
    }

    private Path writeYaml() {
        StringBuilder y = new StringBuilder("clusterServersConfig:\n  nodeAddresses:\n");
        for (RedisNode n : nodes.subList(0, MASTERS)) {
            y.append("  - \"").append(n.address()).append("\"\n");
        }
        // Class tags as a Redisson user's own file has them; the agent's Redisson is relocated.
        y.append("  scanInterval: 1000\n")
                .append("  loadBalancer: !<org.redisson.connection.balancer.RoundRobinLoadBalancer> {}\n")
                .append("codec: !<org.redisson.codec.Kryo5Codec> {}\n");
        try {
            Path file = Files.createTempFile(nodes.get(0).dir, "redisson-cluster", ".yaml");
            Files.writeString(file, y.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Path redissonYaml() {
        return yaml;
    }

    @Override
    public RedisNode masterFor(String key) {
        RedisNode any = anyAlive();
        long slot = (Long) any.command("CLUSTER", "KEYSLOT", key);
        for (String[] line : clusterNodes(any)) {
            if (line[2].contains("master") && !line[2].contains("fail")) {
                for (int i = 8; i < line.length; i++) {
                    String[] range = line[i].split("-");
                    long from = Long.parseLong(range[0]);
                    long to = range.length > 1 ? Long.parseLong(range[1]) : from;
                    if (slot >= from && slot <= to) {
                        return byPort(Integer.parseInt(line[1].substring(line[1].indexOf(':') + 1, line[1].indexOf('@'))));
                    }
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    @Override
    public RedisNode replicaOf(RedisNode master) {
        String id = idsByPort.get(master.port);
        for (String[] line : clusterNodes(anyAlive())) {
            if (line[2].contains("slave") && line[3].equals(id)) {
                return byPort(Integer.parseInt(line[1].substring(line[1].indexOf(':') + 1, line[1].indexOf('@'))));
            }
        }
        throw new IllegalStateException("no replica of " + master.port);
    }

    @Override
    public boolean promoted(RedisNode replica) {
        return "master".equals(replica.info("replication", "role")) && "ok".equals(clusterInfo(replica, "cluster_state"));
    }

    @Override
    public void awaitReplicating(RedisNode node) {
        Awaitility.await("node " + node.port + " replicating").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> "slave".equals(node.info("replication", "role"))
                        && "up".equals(node.info("replication", "master_link_status")));
    }

    private RedisNode anyAlive() {
        return nodes.stream().filter(RedisNode::alive).findFirst().orElseThrow();
    }

    private RedisNode byPort(int port) {
        return nodes.stream().filter(n -> n.port == port).findFirst().orElseThrow();
    }

    private static List<String[]> clusterNodes(RedisNode n) {
        List<String[]> out = new ArrayList<>();
        for (String line : new String((byte[]) n.command("CLUSTER", "NODES"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(line.trim().split(" "));
            }
        }
        return out;
    }

    private static String clusterInfo(RedisNode n, String field) {
        for (String line : new String((byte[]) n.command("CLUSTER", "INFO"), StandardCharsets.UTF_8).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    @Override
    public String kind() {
        return "Redis Cluster of " + MASTERS + " masters and " + MASTERS + " replicas";
    }

    @Override
    public void close() {
        nodes.forEach(RedisNode::close);
    }
}
