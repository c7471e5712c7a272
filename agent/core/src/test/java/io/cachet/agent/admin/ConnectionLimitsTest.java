package io.cachet.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    private ServerSocket listener;
    private final List<SocketChannel> channels = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : channels) {
            c.close();
        }
        listener.close();
    }

    /** A connection the limits track (its client side, which is all they need). */
    private StatusConnection connect(ConnectionLimits limits) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
        channels.add(ch);
        StatusConnection[] self = new StatusConnection[1];
        self[0] = new StatusConnection(ch, System.nanoTime(), () -> limits.remove(self[0]));
        return self[0];
    }

    @Test
    void atTheBoundTheOldestStillReadingMakesRoom() throws IOException {
        ConnectionLimits limits = new ConnectionLimits(10, 3);
        List<StatusConnection> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StatusConnection c = connect(limits);
            assertThat(limits.admit(c.client)).isTrue();
            limits.add(c);
            open.add(c);
        }
        StatusConnection fourth = connect(limits);
        assertThat(limits.admit(fourth.client)).isTrue();
        assertThat(open.get(0).channel.isOpen()).as("the oldest").isFalse();
        assertThat(open.get(1).channel.isOpen()).isTrue();
    }

    @Test
    void connectionsBeingAnsweredAreNeverClosedToMakeRoom() throws IOException {
        ConnectionLimits limits = new ConnectionLimits(10, 1);
        StatusConnection answered = connect(limits);
        limits.admit(answered.client);
        limits.add(answered);
        answered.respond(new byte[] {1}, System.nanoTime());
        assertThat(limits.admit(connect(limits).client)).as("the only one is being answered: the new one waits").isFalse();
        assertThat(answered.channel.isOpen()).isTrue();
    }
}
