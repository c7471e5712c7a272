package io.cachet.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real Redis for the tests, chosen in this order (CONTRIBUTING.md, test tiers): {@code CACHET_TEST_REDIS}
 * (an address), then Testcontainers when a Docker engine answers, then a {@code redis-server}
 * binary on the PATH started on a free port, then the binary shipped in the embedded-redis jar.
 * The last two can be killed and restarted on the same port, for the fail-open tests.
 */
public abstract class TestRedis implements AutoCloseable {

    public final String host;
    public final int port;

    TestRedis(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static TestRedis start() {
        TestRedis redis = choose();
        System.out.println("[it] Redis for this test: " + redis.kind());
        return redis;
    }

    private static TestRedis choose() {
        String external = System.getenv("CACHET_TEST_REDIS");
        if (external != null && !external.isBlank()) {
            URI uri = URI.create(external);
            return new External(uri.getHost(), uri.getPort());
        }
        if (dockerAnswers()) {
            return Container.launch();
        }
        Path binary = redisServerOnPath();
        return binary != null ? new ServerProcess(binary, freePort()) : new Embedded(freePort());
    }

    public String address() {
        return "redis://" + host + ":" + port;
    }

    public RedisResp client() {
        return new RedisResp(host, port);
    }

    /** Whether {@link #kill()} and {@link #restart()} are possible with this source. */
    public abstract boolean canRestart();

    /** Stops the server abruptly (SIGKILL where it is a process of ours). */
    public abstract void kill();

    /** Starts it again on the same port, empty. */
    public abstract void restart();

    public abstract String kind();

    @Override
    public abstract void close();

    void awaitUp() {
        Awaitility.await("Redis on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> {
                    try (RedisResp r = client()) {
                        return "PONG".equals(r.command("PING"));
                    }
                });
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code redis-server} on the PATH, or {@code null}. */
    static Path redisServerOnPath() {
        return onPath("redis-server");
    }

    /** An executable {@code program} in a directory of the PATH, or {@code null}. */
    static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean dockerAnswers() {
        if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null) {
            return false; // spares Testcontainers' slow probing where no engine can be
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }

    private static final class External extends TestRedis {
        External(String host, int port) {
            super(host, port);
        }

        @Override public boolean canRestart() { return false; }
        @Override public void kill() { throw new UnsupportedOperationException("external Redis"); }
        @Override public void restart() { throw new UnsupportedOperationException("external Redis"); }
        @Override public String kind() { return "CACHET_TEST_REDIS " + address(); }
        @Override public void close() { }
    }

    private static final class ServerProcess extends TestRedis {
        private final Path binary;
        private Process process;

        ServerProcess(Path binary, int port) {
            super("127.0.0.1", port);
            this.binary = binary;
            restart();
        }

        @Override public boolean canRestart() { return true; }

        @Override
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void restart() {
            try {
                process = new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitUp();
        }

        @Override public String kind() { return "redis-server " + binary + " on port " + port; }
        @Override public void close() { kill(); }
    }

    private static final class Embedded extends TestRedis {
        private redis.embedded.RedisServer server;

        Embedded(int port) {
            super("127.0.0.1", port);
            restart();
        }

        @Override public boolean canRestart() { return true; }

        @Override
        public void kill() {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void restart() {
            try {
                server = redis.embedded.RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1")
                        .setting("save \"\"").setting("appendonly no").build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            awaitUp();
        }

        @Override public String kind() { return "embedded-redis on port " + port; }
        @Override public void close() { kill(); }
    }

    private static final class Container extends TestRedis {
        private final org.testcontainers.containers.GenericContainer<?> container;

        private Container(org.testcontainers.containers.GenericContainer<?> c) {
            super(c.getHost(), c.getMappedPort(6379));
            this.container = c;
        }

        static Container launch() {
            org.testcontainers.containers.GenericContainer<?> c =
                    new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            c.start();
            return new Container(c);
        }

        @Override public boolean canRestart() { return false; }
        @Override public void kill() { throw new UnsupportedOperationException("container"); }
        @Override public void restart() { throw new UnsupportedOperationException("container"); }
        @Override public String kind() { return "Testcontainers " + address(); }
        @Override public void close() { container.stop(); }
    }
}
