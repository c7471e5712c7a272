package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.redisson.client.NettyHook;
import org.redisson.client.RedisConnection;
import org.redisson.client.handler.CommandDecoder;
import org.redisson.client.handler.CommandsQueue;
import org.redisson.client.protocol.QueueCommandHolder;

/**
 * Closes a Redis connection whose replies can no longer be matched to its commands, so that
 * Redisson opens a fresh one in its place. Left alone, such a connection stays in the pool,
 * answering nothing (or each command with the reply to the one after it), until Redisson's own
 * PING finds it every 30 s; every call it carries meanwhile times out, and the circuit stays open
 * long after the fault (MisalignedRepliesIT: a reply lost whole, a flipped bit, dropped bytes).
 * Each connection is watched on its own (Redisson's line of commands waiting for replies, at
 * every check), for these signs:
 * <ul>
 *   <li>a reply that does not parse: Redisson's decoder skips what it can and reads the rest of
 *       the stream from the wrong place, failing again on every later reply;
 *   <li>at two checks in a row, the line had not emptied since the check before, and either its
 *       first command was given up (it timed out), or has waited longer than the command timeout,
 *       or the line moved on without ever emptying. A reply was lost (each later one answers the
 *       command before its own), or a length damaged into a larger one has the decoder reading
 *       later replies as the rest of it. A reply that is only late arrives and empties the line;
 *       a JVM too starved to read its socket is not mistaken for one, since the check runs on
 *       the connection's own event loop, after what it reads.
 * </ul>
 * Redisson reconnects a closed connection by itself, as after any lost connection.
 */
final class ReplyStreamGuard implements NettyHook {

    /** How often each connection's line is looked at: one out of step is closed within a few of these. */
    static final long CHECK_MILLIS = 1_000;

    private final NettyHook next;
    private final boolean exclusive;

    /**
     * @param next the hook the configuration had (Redisson's no-op one unless a YAML named another)
     * @param exclusive whether each command has its connection to itself until answered: Redisson
     *     shares connections between commands in flight when a master's pool is under 10
     */
    ReplyStreamGuard(NettyHook next, boolean exclusive) {
        this.next = next;
        this.exclusive = exclusive;
    }

    @Override
    public void afterBoostrapInitialization(Bootstrap bootstrap) {
        next.afterBoostrapInitialization(bootstrap);
    }

    @Override
    public void afterChannelInitialization(Channel channel) {
        next.afterChannelInitialization(channel);
        ChannelHandlerContext decoder = channel.pipeline().context(CommandDecoder.class);
        if (decoder == null) {
            return;
        }
        Watch watch = new Watch(exclusive);
        channel.pipeline().addBefore(decoder.name(), "cachet-reply-reads", watch.reads);
        channel.pipeline().addAfter(decoder.name(), "cachet-reply-parse", watch.failures);
    }

    /** One connection's watch: whether its line emptied since the last check, and what was first in it then. */
    private static final class Watch {

        private final boolean exclusive;

        Watch(boolean exclusive) {
            this.exclusive = exclusive;
        }

        /** Before the decoder: notes whether the line of commands was ever empty after a read. */
        final ChannelInboundHandlerAdapter reads = new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                check = ctx.executor().scheduleAtFixedRate(() -> check(ctx.channel()), CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg); // the decoder completes what this read answers before it returns
                Queue<QueueCommandHolder> line = ctx.channel().attr(CommandsQueue.COMMANDS_QUEUE).get();
                if (line == null || line.isEmpty()) {
                    drained = true;
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                stop();
            }
        };

        /** After the decoder: a reply it could not parse has left the stream out of step. */
        final ChannelInboundHandlerAdapter failures = new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (cause instanceof DecoderException) {
                    close(ctx.channel(), "a reply did not parse: " + RedisFaults.describe(cause));
                }
                ctx.fireExceptionCaught(cause);
            }
        };

        private ScheduledFuture<?> check;
        /** Event-loop state: read and written on the connection's own thread only. */
        private boolean drained;
        private QueueCommandHolder oldest;
        private long oldestSince;
        private boolean outOfStepAtLastCheck;

        private void check(Channel channel) {
            Queue<QueueCommandHolder> line = channel.attr(CommandsQueue.COMMANDS_QUEUE).get();
            QueueCommandHolder first = line == null ? null : line.peek();
            boolean watched = first != null && !drained && !first.getCommand().isBlockingCommand();
            drained = false;
            if (!watched) {
                oldest = null;
                outOfStepAtLastCheck = false;
                return;
            }
            long now = channel.eventLoop().ticker().nanoTime();
            // The line moved without ever emptying: each reply read went to the command before
            // the one it answers. (Only where each command has its connection to itself: with a
            // pool shared by pipelined commands a busy line need not empty.)
            boolean moved = oldest != null && first != oldest && exclusive;
            if (first != oldest) {
                oldest = first;
                oldestSince = now;
            }
            // Redisson's own PING waits 15 s for its reply: first in line, it would hide a lost
            // reply from the given-up check until then.
            boolean overdue = now - oldestSince > overdueNanos(channel);
            boolean outOfStep = moved || overdue || first.getCommand().isExecuted();
            if (outOfStep && outOfStepAtLastCheck) {
                close(channel, moved ? "its replies kept answering the command before theirs"
                        : "a command given up, or past its timeout, stayed first in line for a reply");
            }
            outOfStepAtLastCheck = outOfStep;
        }

        /** Longer than any caller waits for a reply on this connection: its command timeout, and a check. */
        private static long overdueNanos(Channel channel) {
            RedisConnection connection = RedisConnection.getFrom(channel);
            long timeoutMillis = connection == null ? 0 : connection.getRedisClient().getCommandTimeout();
            return TimeUnit.MILLISECONDS.toNanos(timeoutMillis + CHECK_MILLIS);
        }

        private void stop() {
            if (check != null) {
                check.cancel(false);
            }
        }

        private void close(Channel channel, String why) {
            stop();
            AgentLog.warnOnce("reply-stream-guard", "closing a connection to Redis whose replies are out of step with its "
                    + "commands (" + why + "); such connections are closed and reopened as they are found, logged at debug level");
            AgentLog.debug("closing " + channel + ": " + why);
            channel.close();
        }
    }
}
