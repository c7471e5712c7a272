package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.client.DefaultNettyHook;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.handler.CommandDecoder;
import org.redisson.client.handler.CommandsQueue;
import org.redisson.client.protocol.CommandData;
import org.redisson.client.protocol.RedisCommands;

/**
 * The guard on one connection, driven through Redisson's own line of commands and decoder on an
 * embedded channel whose clock the test moves: a connection whose replies are lost, out of step
 * or unparseable is closed; one that is idle, busy or only slow is kept.
 */
class ReplyStreamGuardTest {

    private EmbeddedChannel connection(boolean exclusive) {
        EmbeddedChannel channel = new EmbeddedChannel(new CommandsQueue(), new CommandDecoder("redis"));
        new ReplyStreamGuard(new DefaultNettyHook(), exclusive).afterChannelInitialization(channel);
        return channel;
    }

    private static CommandData<Object, String> send(EmbeddedChannel channel) {
        CommandData<Object, String> get = new CommandData<>(new CompletableFuture<>(), StringCodec.INSTANCE, RedisCommands.GET, new Object[] {"k"});
        channel.writeOutbound(get);
        channel.releaseOutbound();
        return get;
    }

    private static void reply(EmbeddedChannel channel, String resp) {
        channel.writeInbound(Unpooled.copiedBuffer(resp, StandardCharsets.US_ASCII));
    }

    /** One check of the line: a second of the channel's clock. */
    private static void check(EmbeddedChannel channel) {
        channel.advanceTimeBy(ReplyStreamGuard.CHECK_MILLIS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static void givenUp(CommandData<?, ?> command) {
        command.tryFailure(new RedisTimeoutException("timed out"));
    }

    @Test
    void aConnectionWhoseReplyNeverComesIsClosedAtTheSecondCheck() {
        EmbeddedChannel channel = connection(true);
        givenUp(send(channel));
        check(channel);
        assertThat(channel.isOpen()).as("one check: it may be late").isTrue();
        check(channel);
        assertThat(channel.isOpen()).as("still first in line, given up").isFalse();
    }

    @Test
    void aReplyThatIsOnlyLateKeepsTheConnection() {
        EmbeddedChannel channel = connection(true);
        CommandData<Object, String> get = send(channel);
        givenUp(get);
        check(channel);
        reply(channel, "$1\r\nv\r\n");
        for (int i = 0; i < 5; i++) {
            check(channel);
        }
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anIdleOrBusyConnectionIsKept() {
        EmbeddedChannel channel = connection(true);
        for (int i = 0; i < 5; i++) {
            CommandData<Object, String> get = send(channel);
            reply(channel, "$1\r\nv\r\n");
            assertThat(get.getPromise()).isCompletedWithValue("v");
            check(channel);
        }
        check(channel);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void repliesThatKeepAnsweringTheCommandBeforeTheirsCloseIt() {
        EmbeddedChannel channel = connection(true);
        eachReplyAnswersTheCommandBeforeItsOwn(channel);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void whereCommandsShareAConnectionABusyLineIsNotTakenForOneOutOfStep() {
        EmbeddedChannel channel = connection(false);
        eachReplyAnswersTheCommandBeforeItsOwn(channel);
        assertThat(channel.isOpen()).isTrue();
    }

    /**
     * A command whose reply is lost, then three rounds of a command sent, a reply and a check:
     * on an exclusive connection each reply answers the command before its own; where commands
     * share one, the line just stays busy.
     */
    private static void eachReplyAnswersTheCommandBeforeItsOwn(EmbeddedChannel channel) {
        send(channel);
        for (int i = 0; i < 3 && channel.isOpen(); i++) {
            send(channel);
            reply(channel, "$1\r\nv\r\n");
            check(channel);
        }
    }

    @Test
    void aCommandWaitingPastItsTimeoutIsClosedEvenIfNobodyGaveItUp() {
        // Redisson's PING waits 15 s; first in line it must not hide a lost reply that long.
        EmbeddedChannel channel = connection(true);
        send(channel);
        for (int i = 0; i < 4 && channel.isOpen(); i++) {
            check(channel);
        }
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aReplyThatDoesNotParseClosesTheConnectionAtOnce() {
        EmbeddedChannel channel = connection(true);
        CommandData<Object, String> get = send(channel);
        Throwable passedOn = catchThrowable(() -> reply(channel, "$2\r\nabc\r\n"));
        assertThat(passedOn).as("the failure goes on down the pipeline, as before").isNotNull();
        assertThat(get.getPromise()).isCompletedExceptionally();
        assertThat(channel.isOpen()).isFalse();
    }
}
