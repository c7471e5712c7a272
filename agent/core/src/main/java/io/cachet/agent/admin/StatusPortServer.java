package io.cachet.agent.admin;

import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The status port's HTTP server: one selector thread reads every request and writes every
 * response without blocking, and two workers build the responses. A connection that is slow
 * to send its request costs a buffer, never a thread, so slow or idle connections cannot keep
 * {@code /metrics} from answering; each is closed at its deadline ({@link StatusConnection}),
 * and there are at most {@link #MAX_CONNECTIONS}, {@link #MAX_PER_CLIENT} from one address
 * ({@link ConnectionLimits}).
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads a request's headers on a
 * worker thread, blocking, so as many slow connections as workers stop it; its only bounds are
 * JVM-wide {@code sun.net.httpserver.*} system properties, read once, shared with any server
 * of the application's own, and none of them bounds connections per client.
 */
final class StatusPortServer {

    static final int MAX_CONNECTIONS = 64;
    static final int MAX_PER_CLIENT = 16;
    private static final long MAX_SELECT_MILLIS = 1_000;

    /** Builds the response to one request, on a worker thread. */
    interface Handler {
        HttpResponse handle(HttpRequest request, StatusConnection connection);
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, new AgentThreads("cachet-http"));
    private final ConnectionLimits limits = new ConnectionLimits(MAX_CONNECTIONS, MAX_PER_CLIENT);
    /** A response a worker has built, for the selector thread, which alone touches connections. */
    private static final class Answer {
        final StatusConnection connection;
        final byte[] bytes;

        Answer(StatusConnection connection, byte[] bytes) {
            this.connection = connection;
            this.bytes = bytes;
        }
    }

    private final Queue<Answer> answered = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean closed;

    private StatusPortServer(ServerSocketChannel server, Selector selector, Handler handler) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.loop = new AgentThreads("cachet-http-io").newThread(this::run);
    }

    /** Binds now (so that a port in use is reported by the caller) and serves on daemon threads. */
    static StatusPortServer open(InetSocketAddress address, Handler handler) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = Selector.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, MAX_CONNECTIONS);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            selector.close();
            throw e;
        }
        StatusPortServer s = new StatusPortServer(server, selector, handler);
        s.loop.start();
        return s;
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        closed = true;
        selector.wakeup();
        workers.shutdownNow();
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(this::ready, selectMillis());
                writeAnswered();
                expire();
            }
        } catch (IOException | RuntimeException e) {
            AgentLog.warn("the status port stopped serving (" + e + "); caching is unaffected");
        } finally {
            shutdown();
        }
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.isAcceptable()) {
            accept();
            return;
        }
        StatusConnection c = (StatusConnection) key.attachment();
        try {
            if (key.isValid() && key.isReadable() && c.reading()) {
                HttpRequest r = c.read(System.nanoTime());
                if (r != null) {
                    key.interestOps(0);
                    workers.execute(() -> answer(c, r));
                }
            } else if (key.isValid() && key.isWritable() && c.writing() && c.flush()) {
                c.close();
            }
        } catch (HttpRequest.Refused e) {
            c.refuse(HttpResponse.text(e.status, e.getMessage()).bytes(false));
        } catch (IOException gone) {
            c.close();
        }
    }

    private void accept() {
        try {
            SocketChannel ch;
            while ((ch = server.accept()) != null) {
                InetSocketAddress from = (InetSocketAddress) ch.getRemoteAddress();
                if (!limits.admit(from.getAddress())) {
                    ch.close(); // every connection at the bound is being answered: come back later
                    continue;
                }
                ch.configureBlocking(false);
                StatusConnection[] self = new StatusConnection[1];
                self[0] = new StatusConnection(ch, System.nanoTime(), () -> limits.remove(self[0]));
                limits.add(self[0]);
                ch.register(selector, SelectionKey.OP_READ, self[0]);
            }
        } catch (IOException e) {
            AgentLog.debug("status port: accepting failed: " + e);
        }
    }

    /** On a worker: builds the response and hands it to the selector thread; reads nothing of {@code c}'s state but its addresses. */
    private void answer(StatusConnection c, HttpRequest r) {
        HttpResponse response;
        try {
            response = handler.handle(r, c);
        } catch (RuntimeException e) {
            AgentLog.debug("admin request failed: " + e);
            response = HttpResponse.text(500, "internal error");
        }
        answered.add(new Answer(c, response.bytes(r.isHead())));
        selector.wakeup();
    }

    private void writeAnswered() {
        Answer a;
        while ((a = answered.poll()) != null) {
            StatusConnection c = a.connection;
            c.respond(a.bytes, System.nanoTime());
            SelectionKey key = c.channel.keyFor(selector);
            if (key != null && key.isValid() && c.writing()) {
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        List<StatusConnection> due = new ArrayList<>();
        for (StatusConnection c : limits.all()) {
            if (c.nanosLeft(now) <= 0) {
                due.add(c);
            }
        }
        due.forEach(StatusConnection::expire);
    }

    /** Until the nearest deadline, so that none is missed by more than a millisecond; at most a second. */
    private long selectMillis() {
        long now = System.nanoTime();
        long left = TimeUnit.MILLISECONDS.toNanos(MAX_SELECT_MILLIS);
        for (StatusConnection c : limits.all()) {
            left = Math.min(left, c.nanosLeft(now));
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left) + 1);
    }

    private void shutdown() {
        List<StatusConnection> open = new ArrayList<>();
        limits.all().forEach(open::add);
        open.forEach(StatusConnection::close);
        try {
            selector.close();
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
