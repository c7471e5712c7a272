package io.cachet.agent.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the status port: it reads one request, within {@link #HEAD_NANOS} of being
 * accepted and never {@link #IDLE_NANOS} without a byte; is answered by a worker; then takes
 * its response within {@link #WRITE_NANOS}, and is closed. Driven by the selector thread alone
 * (the worker only hands over the response, through {@link StatusPortServer}).
 */
final class StatusConnection {

    /** The whole request (line, headers, body): a scraper or a browser sends it in well under a second. */
    static final long HEAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Silence while a request is being read, before its first byte too. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** For the client to take the response: a few KB, or the page's few tens of KB. */
    static final long WRITE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private enum Phase { READING, ANSWERING, WRITING, CLOSED }

    final SocketChannel channel;
    final InetAddress client;
    final InetSocketAddress local;
    final InetSocketAddress remote;
    private final long acceptedNanos;
    private final Runnable onClose;
    private long lastByteNanos;
    private byte[] in = new byte[1024];
    private int length;
    private ByteBuffer out;
    private long writeDeadline;
    private Phase phase = Phase.READING;

    StatusConnection(SocketChannel channel, long now, Runnable onClose) throws IOException {
        this.channel = channel;
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.client = remote.getAddress();
        this.acceptedNanos = now;
        this.lastByteNanos = now;
        this.onClose = onClose;
    }

    boolean reading() {
        return phase == Phase.READING;
    }

    boolean writing() {
        return phase == Phase.WRITING;
    }

    /**
     * Reads what has arrived.
     *
     * @return the request once it is complete (the connection then waits for its answer), or
     *     {@code null} while more is needed or once the client has gone (the connection is closed)
     * @throws HttpRequest.Refused when no more bytes can make it a request the port answers
     */
    HttpRequest read(long now) throws IOException, HttpRequest.Refused {
        int room = HttpRequest.MAX_HEAD_BYTES + 4 + HttpRequest.MAX_BODY_BYTES;
        if (in.length - length == 0) {
            in = Arrays.copyOf(in, Math.min(room, in.length * 2));
        }
        int n = channel.read(ByteBuffer.wrap(in, length, in.length - length));
        if (n < 0) {
            close();
            return null;
        }
        if (n > 0) {
            lastByteNanos = now;
            length += n;
        }
        HttpRequest r = HttpRequest.parse(in, length);
        if (r != null) {
            phase = Phase.ANSWERING;
            in = null;
        }
        return r;
    }

    /** The worker's response is ready: from now on the connection writes it. */
    void respond(byte[] response, long now) {
        if (phase != Phase.CLOSED) {
            out = ByteBuffer.wrap(response);
            writeDeadline = now + WRITE_NANOS;
            phase = Phase.WRITING;
        }
    }

    /** @return whether the whole response has gone (the connection may then be closed) */
    boolean flush() throws IOException {
        channel.write(out);
        return !out.hasRemaining();
    }

    /**
     * How long until the connection must be closed if nothing happens first (0 or less: now);
     * {@link Long#MAX_VALUE} while a worker answers it. Differences of {@link System#nanoTime()},
     * never its values, are compared.
     */
    long nanosLeft(long now) {
        switch (phase) {
            case READING: return Math.min(acceptedNanos + HEAD_NANOS - now, lastByteNanos + IDLE_NANOS - now);
            case WRITING: return writeDeadline - now;
            default: return Long.MAX_VALUE;
        }
    }

    /** Past its deadline: a reader gets a short 408 if its socket takes it at once, then the connection goes. */
    void expire() {
        if (phase == Phase.READING) {
            tryToSend(HttpResponse.text(408, "request not received in time").bytes(false));
        }
        close();
    }

    /** Sends {@code bytes} if the socket takes them without waiting, and closes: for refusals. */
    void refuse(byte[] bytes) {
        tryToSend(bytes);
        close();
    }

    private void tryToSend(byte[] bytes) {
        try {
            channel.write(ByteBuffer.wrap(bytes));
        } catch (IOException gone) {
            // closing anyway
        }
    }

    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed
        }
        onClose.run();
    }
}
