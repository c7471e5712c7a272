package io.cachet.it.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * One {@code redis-server} process of a deployment under test (a cluster node, a replica, a
 * sentinel, a TLS server), in its own directory, on a free loopback port. It can be killed the
 * way a crash kills it and restarted with the same directory and settings.
 */
public final class RedisNode implements AutoCloseable {

    public final int port;
    public final Path dir;
    private final Path binary;
    private final List<String> arguments;
    private Process process;

    private RedisNode(Path binary, Path dir, int port, List<String> arguments) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.arguments = arguments;
    }

    /**
     * The {@code redis-server} on the PATH; the test is skipped without one, since the
     * embedded-redis fallback cannot run clusters, sentinels or TLS.
     */
    public static Path requireRedisServer() {
        Path binary = TestRedis.redisServerOnPath();
        assume(binary != null, "needs a redis-server binary on the PATH (the embedded-redis fallback cannot run"
                + " clusters, sentinels or TLS); apt-get install redis-server");
        return binary;
    }

    /**
     * An assumption whose message is also printed: Failsafe counts a class skipped from its
     * {@code @BeforeAll} as zero tests run and shows no reason.
     */
    static void assume(boolean condition, String message) {
        if (!condition) {
            System.out.println("[it] skipped: " + message);
        }
        assumeTrue(condition, message);
    }

    /**
     * Starts {@code redis-server [configFile] --port <free> <arguments>} in a new directory and
     * waits until it answers on {@code port}.
     */
    public static RedisNode start(String name, Path configFile, List<String> arguments) {
        Path binary = requireRedisServer();
        try {
            Path dir = Files.createTempDirectory("cachet-" + name + "-");
            int port = TestRedis.freePort();
            List<String> args = new ArrayList<>();
            if (configFile != null) {
                args.add(configFile.toString());
            }
            args.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--logfile", dir.resolve("redis.log").toString()));
            args.addAll(arguments);
            RedisNode node = new RedisNode(binary, dir, port, args);
            node.restart();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RedisNode start(String name, String... arguments) {
        return start(name, null, List.of(arguments));
    }

    /**
     * Starts it again with the same directory, port and settings (after {@link #kill()}); it
     * comes back empty, since nothing is ever saved ({@code --save ""}, no append-only file).
     */
    public void restart() {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(arguments);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await("redis-server on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> {
                    try (RedisResp r = client()) {
                        return "PONG".equals(r.command("PING"));
                    }
                });
    }

    public RedisResp client() {
        return new RedisResp("127.0.0.1", port);
    }

    /** One command on a connection of its own. */
    public Object command(Object... args) {
        try (RedisResp r = client()) {
            return r.command(args);
        }
    }

    /** {@code CLIENT LIST}: a line per connected client, with its fields as {@code name=value}. */
    public List<String> clients() {
        return new String((byte[]) command("CLIENT", "LIST"), StandardCharsets.UTF_8).lines().toList();
    }

    /** A field of {@code INFO}, e.g. {@code info("replication", "role")}; {@code null} when absent. */
    public String info(String section, String field) {
        String text = new String((byte[]) command("INFO", section), StandardCharsets.UTF_8);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    /** How many times the server has run {@code command}: {@code INFO commandstats} counts every command by name. */
    public long commandCalls(String command) {
        String stats = info("commandstats", "cmdstat_" + command); // calls=N,usec=...
        return stats == null ? 0 : Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * SIGSTOP: the process stops where it is; the kernel still accepts connections into its
     * backlog and buffers what clients send, but nothing is answered: a hung server, not a dead one.
     */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}: the server carries on with what it was sent meanwhile. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code maxmemory} below what is used, with {@code noeviction}: every command that needs
     * memory (SET, INCR) now fails with {@code OOM}, while reads still answer.
     */
    public void outOfMemory() {
        command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        command("CONFIG", "SET", "maxmemory", "1");
    }

    /** Undoes {@link #outOfMemory()}. */
    public void memoryUnlimited() {
        command("CONFIG", "SET", "maxmemory", "0");
    }

    /**
     * A read-only replica of {@code master}, once it has the master's data: reads answer, writes
     * fail with {@code READONLY} (what a client still pointed at a demoted master sees).
     */
    public static RedisNode replicaOf(RedisNode master) {
        RedisNode replica = start("replica", "--replicaof", "127.0.0.1", String.valueOf(master.port));
        Awaitility.await("replica of " + master.port + " in sync").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> "up".equals(replica.info("replication", "master_link_status")));
        return replica;
    }

    /** SIGKILL: no shutdown, nothing flushed, nothing handed over. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; best effort
        }
    }
}
