package io.cachet.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A slowloris attack on one port: many connections that start a request and never finish it,
 * sending one more header line a second to look alive (or nothing at all, to look idle). Tells
 * how many the server still holds open: a connection counts as closed once the server has
 * closed or reset it.
 */
public final class SlowClients implements AutoCloseable {

    private final Selector selector;
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slowloris-trickle");
        t.setDaemon(true);
        return t;
    });

    private SlowClients(Selector selector) {
        this.selector = selector;
    }

    /**
     * Opens {@code n} connections to {@code port}, each sending {@code start} and then, when
     * {@code trickling}, one header line a second.
     */
    public static SlowClients open(int port, int n, String start, boolean trickling) {
        try {
            SlowClients c = new SlowClients(Selector.open());
            for (int i = 0; i < n; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                ch.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.ISO_8859_1)));
                ch.register(c.selector, SelectionKey.OP_READ);
            }
            if (trickling) {
                // The attack's own pace: a header line a second keeps a connection from looking idle.
                c.trickle.scheduleAtFixedRate(c::sendOneHeaderLine, 1, 1, TimeUnit.SECONDS);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many connections the server has not closed yet. */
    public synchronized int stillOpen() {
        try {
            selector.selectNow();
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ready.hasNext()) {
                SelectionKey k = ready.next();
                ready.remove();
                SocketChannel ch = (SocketChannel) k.channel();
                int n;
                try {
                    buf.clear();
                    n = ch.read(buf);
                } catch (IOException reset) {
                    n = -1;
                }
                if (n < 0) {
                    k.cancel();
                    ch.close();
                }
            }
            selector.selectNow(); // flushes the cancelled keys
            return selector.keys().size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void sendOneHeaderLine() {
        for (SelectionKey k : selector.keys()) {
            try {
                ((SocketChannel) k.channel()).write(ByteBuffer.wrap("X-Slow: 1\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            } catch (IOException closedByServer) {
                // counted by stillOpen()
            }
        }
    }

    @Override
    public synchronized void close() {
        trickle.shutdownNow();
        for (SelectionKey k : selector.keys()) {
            try {
                k.channel().close();
            } catch (IOException ignored) {
                // closing
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
