package io.cachet.benchmarks.onejvm;

import io.cachet.benchmarks.Seed;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RBuckets;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.RedisConnection;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.CommandData;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.client.protocol.decoder.ObjectListReplayDecoder;
import org.redisson.command.CommandAsyncExecutor;
import org.redisson.config.Config;
import org.redisson.config.TransportMode;

/**
 * What Redisson's layers below {@code RBuckets} give for Cachet's one hot command (the MGET of
 * an entry and its version counters), each timed beside raw {@code RBucket.get}. All but the
 * socket ones use a client configured as the agent configures its own (2 NIO event-loop
 * threads, 2 callback threads, 32 connections, no retries), so that the difference between
 * them is the path, not the configuration. Benchmarks only: the agent is not changed.
 */
final class RemotePrototypes {

    /** Cachet's lookup of {@code product(1)}: the entry, the cache's counter, the key's counter. */
    static final String[] KEYS = {Seed.ENTRY, "cachet-v:cache:Catalog.product", "cachet-v:key:Catalog.product:1"};
    private static final long TIMEOUT_MILLIS = 1_000;

    private RemotePrototypes() {
    }

    /** The threads and client the agent would have: built once, shared by the prototypes on it. */
    static final class AgentLikeClient {
        final EventLoopGroup group;
        final ExecutorService callbacks;
        final RedissonClient redisson;
        final HashedWheelTimer timer = new HashedWheelTimer(new DefaultThreadFactory("proto-timer"));
        final RedisClient lowLevel;

        /**
         * @param plainThreads event-loop threads made as the agent makes them ({@code new Thread}:
         *     not Netty's {@code FastThreadLocalThread}), instead of by Netty's factory
         */
        AgentLikeClient(String address, boolean plainThreads) {
            this(address, plainThreads, TransportMode.NIO);
        }

        AgentLikeClient(String address, boolean plainThreads, TransportMode transport) {
            ThreadFactory io = plainThreads ? plain("proto-plain-io") : new DefaultThreadFactory("proto-" + transport.name().toLowerCase() + "-io");
            IoHandlerFactory handler = transport == TransportMode.EPOLL ? EpollIoHandler.newFactory()
                    : transport == TransportMode.IO_URING ? IoUringIoHandler.newFactory() : NioIoHandler.newFactory();
            group = new MultiThreadIoEventLoopGroup(2, io, handler);
            callbacks = Executors.newFixedThreadPool(2, plainThreads ? plain("proto-plain-callback") : new DefaultThreadFactory("proto-redis-callback"));
            Config config = new Config();
            config.useSingleServer().setAddress(address)
                    .setConnectionMinimumIdleSize(2)
                    .setConnectionPoolSize(32)
                    .setSubscriptionConnectionMinimumIdleSize(0)
                    .setTimeout((int) TIMEOUT_MILLIS)
                    .setRetryAttempts(0)
                    .setConnectTimeout((int) TIMEOUT_MILLIS);
            config.setCodec(ByteArrayCodec.INSTANCE);
            config.setTransportMode(transport);
            config.setEventLoopGroup(group);
            config.setExecutor(callbacks);
            redisson = Redisson.create(config);
            RedisClientConfig low = new RedisClientConfig();
            low.setAddress(address);
            low.setGroup(group);
            low.setExecutor(callbacks);
            low.setTimer(timer);
            low.setCommandTimeout((int) TIMEOUT_MILLIS);
            low.setConnectTimeout((int) TIMEOUT_MILLIS);
            low.setTcpNoDelay(true);
            low.setSocketChannelClass(NioSocketChannel.class);
            // Set, so that RedisClient does not look for the epoll classes to pick a resolver.
            low.setResolverGroup(DefaultAddressResolverGroup.INSTANCE);
            lowLevel = RedisClient.create(low);
        }

    }

    /** Threads as the agent's {@code AgentThreads} makes them: plain daemon threads. */
    static ThreadFactory plain(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
    }

    static List<Contender> all(String address) throws Exception {
        AgentLikeClient client = new AgentLikeClient(address, false);
        AgentLikeClient plain = new AgentLikeClient(address, true);
        List<Contender> out = new ArrayList<>();
        out.add(new BucketGet(client));
        out.add(new BucketsMget(plain, true, "proto-rbuckets-mget-plain-threads"));
        for (TransportMode transport : new TransportMode[] {TransportMode.EPOLL, TransportMode.IO_URING}) {
            try {
                AgentLikeClient other = new AgentLikeClient(address, false, transport);
                String name = transport.name().toLowerCase().replace("_", "");
                out.add(new BucketGet(other, "proto-bucket-get-" + name, "raw `RBucket<byte[]>.get()`, agent's configuration on Netty's " + name + " transport"));
                out.add(new BucketsMget(other, true, "proto-rbuckets-mget-" + name));
            } catch (RuntimeException | LinkageError unavailable) {
                System.out.println("no " + transport + " transport here: " + unavailable);
            }
        }
        out.add(new BucketsMget(client, true, "proto-rbuckets-mget"));
        out.add(new BucketsMget(client, false, "proto-rbuckets-mget-untimed"));
        out.add(new ExecutorMget(client));
        out.add(new OnConnection(client, false, 0));
        out.add(new OnConnection(client, false, 50_000));
        out.add(new OnConnection(client, true, 0));
        out.add(new SocketMget(address, client));
        return out;
    }

    /** A counter as MGET returns it (decimal digits), as the agent parses it. */
    static long counter(byte[] digits) {
        if (digits == null) {
            return 0;
        }
        long v = 0;
        for (byte b : digits) {
            v = v * 10 + (b - '0');
        }
        return v;
    }

    /** Base: counts a lookup that found no entry as a load, and owns the shared client's shutdown once. */
    abstract static class OnClient extends Contender.Remote {
        final AgentLikeClient client;
        long misses;
        final long[] versions = new long[KEYS.length - 1];

        OnClient(String id, AgentLikeClient client, String what) {
            super(id, true, what);
            this.client = client;
        }

        @Override
        long loads() {
            return misses;
        }

        Object found(byte[] entry) {
            if (entry == null) {
                misses++;
            }
            return entry;
        }

        /** An MGET's answer as the agent reads it: the counters parsed, the entry returned. */
        Object found(List<Object> answer) {
            for (int i = 1; i < KEYS.length; i++) {
                versions[i - 1] = counter((byte[]) answer.get(i));
            }
            return found((byte[]) answer.get(0));
        }
    }

    static final class BucketGet extends OnClient {
        private final RBucket<byte[]> bucket;

        BucketGet(AgentLikeClient client) {
            this(client, "proto-bucket-get-agentcfg", "raw `RBucket<byte[]>.get()` on a client configured as the agent's (2 NIO threads)");
        }

        BucketGet(AgentLikeClient client, String id, String what) {
            super(id, client, what);
            bucket = client.redisson.getBucket(Seed.ENTRY, ByteArrayCodec.INSTANCE);
        }

        @Override
        Object call() {
            return found(bucket.get());
        }
    }

    /** What {@code RedisStore.get} does today, without the rest of the agent around it. */
    static final class BucketsMget extends OnClient {
        private final RBuckets buckets;
        private final boolean timed;

        BucketsMget(AgentLikeClient client, boolean timed, String id) {
            super(id, client, !timed ? "the same, waiting with `get()` (no timeout), as `RBucket.get` waits"
                    : id.endsWith("epoll") || id.endsWith("iouring") ? "the agent's store call on Netty's " + id.substring(id.lastIndexOf('-') + 1) + " transport"
                    : id.endsWith("plain-threads") ? "the same on event-loop threads made as the agent makes them (plain `Thread`s, not Netty's `FastThreadLocalThread`)"
                    : "`RBuckets.getAsync(keys).get(timeout)`, Map lookups, counters parsed: the agent's store call alone");
            buckets = client.redisson.getBuckets(ByteArrayCodec.INSTANCE);
            this.timed = timed;
        }

        @Override
        Object call() throws Exception {
            RFuture<Map<String, byte[]>> f = buckets.getAsync(KEYS);
            Map<String, byte[]> m = timed ? f.toCompletableFuture().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) : f.toCompletableFuture().get();
            for (int i = 1; i < KEYS.length; i++) {
                versions[i - 1] = counter(m.get(KEYS[i]));
            }
            return found(m.get(KEYS[0]));
        }
    }

    /** One MGET through the command executor: routed by the first key's slot, no batch, no Map. */
    static final class ExecutorMget extends OnClient {
        private final CommandAsyncExecutor executor;

        ExecutorMget(AgentLikeClient client) {
            super("proto-executor-mget", client, "`CommandAsyncExecutor.readAsync(key, MGET, keys)`: one command, slot of the entry's key, a List");
            executor = ((Redisson) client.redisson).getCommandExecutor();
        }

        @Override
        Object call() throws Exception {
            RFuture<List<Object>> f = executor.readAsync(KEYS[0], ByteArrayCodec.INSTANCE, RedisCommands.MGET, (Object[]) KEYS);
            return found(f.toCompletableFuture().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * One command written straight to a connection held by the caller (no pool, no executor, no
     * timer task): the promise is completed by the Netty thread that decodes the answer, and the
     * caller either parks at once or spins up to {@code spinNanos} for it first. The command is
     * the MGET, or an EVALSHA of a script that MGETs the same keys.
     */
    static final class OnConnection extends OnClient {
        private static final RedisCommand<List<Object>> EVALSHA = new RedisCommand<>("EVALSHA", new ObjectListReplayDecoder<>());
        private final RedisConnection connection;
        private final RedisCommand<List<Object>> command;
        private final Object[] params;
        private final long spinNanos;

        OnConnection(AgentLikeClient client, boolean script, long spinNanos) {
            super(script ? "proto-connection-evalsha" : spinNanos == 0 ? "proto-connection-mget" : "proto-connection-mget-spin", client,
                    script ? "the same read as `EVALSHA` of a script that MGETs its keys, on a pre-resolved connection"
                    : spinNanos == 0 ? "MGET sent on a pre-resolved `RedisConnection` (`send(CommandData)`), caller parks on the promise"
                    : "the same, the caller spinning up to " + spinNanos / 1000 + " µs on the promise before it parks");
            connection = client.lowLevel.connect();
            this.spinNanos = spinNanos;
            if (script) {
                String sha = connection.sync(StringCodec.INSTANCE, RedisCommands.SCRIPT_LOAD, "return redis.call('MGET', unpack(KEYS))");
                command = EVALSHA;
                params = new Object[] {sha, KEYS.length, KEYS[0], KEYS[1], KEYS[2]};
            } else {
                command = RedisCommands.MGET;
                params = KEYS.clone();
            }
        }

        @Override
        Object call() throws Exception {
            CompletableFuture<List<Object>> promise = new CompletableFuture<>();
            connection.send(new CommandData<>(promise, ByteArrayCodec.INSTANCE, command, params));
            if (spinNanos > 0) {
                long deadline = System.nanoTime() + spinNanos;
                while (!promise.isDone() && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
            }
            return found(promise.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }

        @Override
        void close() {
            connection.closeAsync();
        }
    }

    /** The floor of Cachet's own command: the same MGET by hand on a blocking socket. */
    static final class SocketMget extends OnClient {
        private final RespSocket socket;
        private final byte[] mget = RespSocket.command("MGET", KEYS[0], KEYS[1], KEYS[2]);
        private final byte[][] into = new byte[KEYS.length][];

        SocketMget(String address, AgentLikeClient client) throws Exception {
            super("proto-socket-mget", client, "hand-written RESP MGET of the same three keys on a blocking socket");
            socket = new RespSocket(address);
        }

        @Override
        Object call() throws Exception {
            byte[][] r = socket.mget(mget, into);
            for (int i = 1; i < KEYS.length; i++) {
                versions[i - 1] = counter(r[i]);
            }
            return found(r[0]);
        }

        @Override
        void close() throws Exception {
            socket.close();
        }
    }
}
