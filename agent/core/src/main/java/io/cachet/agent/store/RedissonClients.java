package io.cachet.agent.store;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.runtime.AgentThreads;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseMasterSlaveServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ConfigSupport;
import org.redisson.config.ReadMode;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.TransportMode;
import org.redisson.connection.ConnectionListener;

/**
 * Builds the Redisson client from {@code cachet.redis.config} (any Redisson YAML: single,
 * cluster, sentinel, TLS) or {@code cachet.redis.address}, with the agent's own threads.
 */
final class RedissonClients {

    /**
     * Tags naming Redisson classes, but for Kryo5Codec: Redisson builds that one itself when it
     * sees the original name. (Its retry-delay tags, built the same way but then looked up by
     * the original name, cannot work in a relocated jar; the README says to leave them out.)
     */
    private static final Pattern REDISSON_CLASS_TAG = Pattern.compile("!<\\s*org\\.redisson\\.(?!codec\\.Kryo5Codec\\s*>)");

    /** Below this many connections to a master, Redisson lets commands in flight share one (RedisExecutor). */
    private static final int SHARED_BELOW = 10;

    private RedissonClients() {
    }

    private static int masterPoolSize(Config config) {
        return config.isSingleConfig() ? config.useSingleServer().getConnectionPoolSize() : servers(config).getMasterConnectionPoolSize();
    }

    /**
     * Connects, or fails having released every thread it started: the connector retries, and
     * each failed attempt must not leave an event loop behind.
     *
     * @param connections told of connections lost and made, or {@code null}
     */
    static RedissonClient connect(CachetConfig settings, ConnectionListener connections) throws IOException {
        Config config = config(settings);
        config.setConnectionListener(connections);
        config.setNettyHook(new ReplyStreamGuard(config.getNettyHook(), masterPoolSize(config) >= SHARED_BELOW));
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, new AgentThreads("cachet-redis-io"), NioIoHandler.newFactory());
        ExecutorService callbacks = Executors.newFixedThreadPool(2, new AgentThreads("cachet-redis-callback"));
        config.setEventLoopGroup(group);
        config.setExecutor(callbacks);
        try {
            return Redisson.create(config);
        } catch (RuntimeException | Error e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            callbacks.shutdownNow();
            throw e;
        }
    }

    /** The timeout Redisson gives each command it sends for us (see {@link #config}). */
    static long commandTimeoutMillis(CachetConfig settings) {
        return Math.max(settings.get(Settings.REDIS_TIMEOUT).toMillis(), settings.get(Settings.REDIS_CONNECT_TIMEOUT).toMillis());
    }

    private static Config config(CachetConfig settings) throws IOException {
        Config config;
        // Reads wait at most cachet.redis.timeout: RedisStore enforces that deadline itself.
        // Redisson's own timeout also covers the handshake of each new connection, which on a
        // cold JVM takes longer than a read deadline; it gets the connect timeout instead.
        int timeout = (int) commandTimeoutMillis(settings);
        if (settings.get(Settings.REDIS_CONFIG) != null) {
            config = fromYaml(settings);
            readFromMasters(config);
        } else {
            config = new Config();
            SingleServerConfig single = config.useSingleServer()
                    .setConnectionMinimumIdleSize(2)
                    .setConnectionPoolSize(32)
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setTimeout(timeout)
                    // Our own deadline and circuit breaker decide; Redisson's retries would
                    // only stretch a failing call past cachet.redis.timeout.
                    .setRetryAttempts(0)
                    .setConnectTimeout((int) settings.get(Settings.REDIS_CONNECT_TIMEOUT).toMillis());
            applyAddress(single, settings.get(Settings.REDIS_ADDRESS));
        }
        config.setCodec(ByteArrayCodec.INSTANCE);
        config.setTransportMode(TransportMode.NIO);
        // Reference support stores Redisson objects inside others by name; setting it up maps
        // every Redisson object type, which loads about 190 classes while the first connection is
        // made (too little time for the start-up benchmark to tell apart from its spread, but
        // nothing is gained by it). Bytes go in and come out: no Redisson object is ever stored.
        config.setReferenceEnabled(false);
        return config;
    }

    /**
     * The Redisson configuration {@code cachet.redis.config} names.
     *
     * @throws UnusableRedisConfig when the file is not a Redisson YAML (a syntax error, an
     *     unknown property): retrying cannot help, and the parser's message spans several lines
     */
    private static Config fromYaml(CachetConfig settings) throws IOException {
        String yaml = new String(Files.readAllBytes(settings.get(Settings.REDIS_CONFIG)), StandardCharsets.UTF_8);
        try {
            return new ConfigSupport(RedissonClients.class.getClassLoader(), false).fromYAML(withRelocatedClassTags(yaml), Config.class);
        } catch (RuntimeException e) {
            throw new UnusableRedisConfig(Settings.REDIS_CONFIG.key() + "=" + settings.get(Settings.REDIS_CONFIG)
                    + " is not a Redisson YAML: " + oneLine(e.getMessage()), e);
        }
    }

    /**
     * Why the Redisson YAML {@code cachet.redis.config} names cannot be used, or {@code null}
     * when it parses (or none is named): for {@code cachet.fail-fast=true}, which must refuse it
     * before the application starts rather than when connecting.
     */
    static String yamlProblem(CachetConfig settings) {
        if (settings.get(Settings.REDIS_CONFIG) == null) {
            return null;
        }
        try {
            fromYaml(settings);
            return null;
        } catch (UnusableRedisConfig e) {
            return e.getMessage();
        } catch (IOException e) {
            return Settings.REDIS_CONFIG.key() + "=" + settings.get(Settings.REDIS_CONFIG) + " cannot be read: " + oneLine(e.getMessage());
        }
    }

    /** A parser's message in one log line: its lines joined, the quoted snippet kept short. */
    private static String oneLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.strip().replaceAll("\\s*\\R\\s*", "; ").replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * Redisson reads from replicas by default ({@code readMode: SLAVE}); replication is
     * asynchronous, so a replica may not have an eviction's counter bump yet when the
     * {@code @Evicts} method has returned, and a read there would serve what it removed.
     */
    private static void readFromMasters(Config config) {
        if (!config.isSingleConfig()) {
            servers(config).setReadMode(ReadMode.MASTER);
        }
    }

    /** The servers of a configuration that is not a single server's. */
    private static BaseMasterSlaveServersConfig<?> servers(Config config) {
        if (config.isClusterConfig()) {
            return config.useClusterServers();
        } else if (config.isSentinelConfig()) {
            return config.useSentinelServers();
        }
        try {
            return config.useReplicatedServers();
        } catch (IllegalStateException masterSlaveFile) {
            return config.useMasterSlaveServers();
        }
    }

    /**
     * Redisson YAML names classes by tag ({@code codec: !<org.redisson.codec.Kryo5Codec> {}},
     * {@code loadBalancer: !<org.redisson.connection.balancer.RoundRobinLoadBalancer> {}}); in this
     * jar Redisson lives under a relocated package, so an application's own file would fail with
     * "Class not found" unless its tags are pointed there. The package is taken from a class
     * rather than written out, since the shade plugin would relocate that string literal too.
     */
    static String withRelocatedClassTags(String yaml) {
        String redissonPackage = Config.class.getPackageName().replaceFirst("\\.config$", "");
        return REDISSON_CLASS_TAG.matcher(yaml).replaceAll(Matcher.quoteReplacement("!<" + redissonPackage + "."));
    }

    /** Credentials in the URI go to Redisson's username/password, never into the address. */
    private static void applyAddress(SingleServerConfig single, String address) {
        try {
            URI uri = new URI(address);
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
                String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
                if (!user.isEmpty()) {
                    single.setUsername(user);
                }
                single.setPassword(password);
            }
            single.setAddress(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("validated by CachetConfig", e);
        }
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
