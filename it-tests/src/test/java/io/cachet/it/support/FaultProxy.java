package io.cachet.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between the agent and a real Redis whose behaviour a test switches while the
 * agent runs: pass bytes through, add latency, blackhole (nothing moves either way, connections
 * stay open: a partition or a hung server; held bytes flow again when the mode changes, as TCP
 * would deliver them), reset every connection, or damage replies ({@link ReplyDamage}: truncate,
 * drop bytes inside, corrupt a bit; {@link FirstReply}: drop one whole reply per connection, or
 * swap it for another connection's).
 *
 * <p>Faults apply to replies (Redis to agent) only: what a client must survive is what it reads.
 * Each damaged reply chunk is counted, so a test can check its fault really hit traffic.
 */
public final class FaultProxy implements AutoCloseable {

    /** What happens to traffic. */
    public enum Mode { PASS, LATENCY, BLACKHOLE, RESET, TRUNCATE, DROP_BYTES, DROP_REPLY, SWAP_REPLY, CORRUPT }

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private final ReplyDamage damage;
    private final AtomicLong damagedReplies = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile long latencyMillis;
    /** Counts mode changes; under a reply-level mode, each connection rewrites its first reply once per change. */
    private volatile int episode;
    /** The latest array reply a connection gave up in {@link Mode#SWAP_REPLY}, for the next one. */
    private final AtomicReference<byte[]> swapped = new AtomicReference<>();

    public FaultProxy(String upstreamHost, int upstreamPort) {
        this(upstreamHost, upstreamPort, Long.getLong("cachet.it.fault.seed", System.nanoTime()));
    }

    /** @param seed of the damage done to replies, printed so that a failing run can be repeated */
    public FaultProxy(String upstreamHost, int upstreamPort, long seed) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.damage = new ReplyDamage(seed);
        System.out.println("[it] fault proxy to port " + upstreamPort + ", damage seed " + seed
                + " (repeat with -Dcachet.it.fault.seed=" + seed + ")");
        try {
            server = new ServerSocket(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        daemon(this::acceptLoop, "fault-proxy-accept").start();
    }

    public String address() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    /** How many reply chunks a damaging mode has changed so far. */
    public long damagedReplies() {
        return damagedReplies.get();
    }

    public void pass() {
        set(Mode.PASS);
    }

    /** Every reply chunk is held {@code delay} before it goes on. */
    public void latency(Duration delay) {
        latencyMillis = delay.toMillis();
        set(Mode.LATENCY);
    }

    public void blackhole() {
        set(Mode.BLACKHOLE);
    }

    /** Resets every open connection now, and each new one as soon as it is accepted. */
    public void reset() {
        set(Mode.RESET);
        sockets.forEach(FaultProxy::abort);
    }

    /** Each reply chunk is cut in the middle and its connection reset. */
    public void truncate() {
        set(Mode.TRUNCATE);
    }

    /** A few bytes go missing from inside each reply chunk; the connection stays up, misaligned. */
    public void dropBytes() {
        set(Mode.DROP_BYTES);
    }

    /**
     * Each open connection loses the next whole reply it carries, and only that one: the stream
     * stays well formed but every later reply answers the command before it (a response mix-up),
     * until the client drops the connection.
     */
    public void dropReplies() {
        set(Mode.DROP_REPLY);
    }

    /**
     * Each open connection's next array reply (MGET's) is replaced by the one another connection
     * carried just before: a command gets a well-formed answer to another command, what a
     * client-side response mix-up or a confused middlebox delivers. The stream stays aligned.
     */
    public void swapReplies() {
        set(Mode.SWAP_REPLY);
    }

    /** One bit of each reply chunk is flipped. */
    public void corrupt() {
        set(Mode.CORRUPT);
    }

    public void set(Mode next) {
        synchronized (gate) {
            episode++;
            mode = next;
            gate.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (mode == Mode.RESET) {
                abort(client);
                continue;
            }
            Socket upstream;
            try {
                upstream = new Socket(upstreamHost, upstreamPort);
            } catch (IOException redisDown) {
                abort(client); // as a refused connection looks to the agent
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            daemon(() -> pump(client, upstream, false), "fault-proxy-request").start();
            daemon(() -> pump(upstream, client, true), "fault-proxy-reply").start();
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        byte[] buf = new byte[16384];
        FirstReply first = FirstReply.none();
        int seen = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                Mode now = holdWhileBlackholed();
                if (now == Mode.RESET) {
                    break;
                }
                if (replies && seen != episode) {
                    seen = episode;
                    out.write(first.release()); // a reply-level mode ended before its reply was whole: nothing lost
                    first = firstReplyRewrite(now);
                }
                if (!replies) {
                    out.write(buf, 0, n);
                } else if (now == Mode.DROP_REPLY || now == Mode.SWAP_REPLY) {
                    out.write(first.apply(buf, n));
                } else if (!forwardReply(now, buf, n, out)) {
                    break;
                }
                out.flush();
            }
        } catch (IOException | InterruptedException ended) {
            // one side closed, or the proxy is closing
        } finally {
            abort(from);
            abort(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private FirstReply firstReplyRewrite(Mode now) {
        if (now == Mode.DROP_REPLY) {
            return new FirstReply(reply -> {
                damagedReplies.incrementAndGet();
                return new byte[0];
            });
        }
        if (now == Mode.SWAP_REPLY) {
            return new FirstReply(reply -> {
                if (reply[0] != '*') {
                    return reply;
                }
                byte[] other = swapped.getAndSet(reply);
                if (other == null || Arrays.equals(other, reply)) {
                    return reply;
                }
                damagedReplies.incrementAndGet();
                return other;
            });
        }
        return FirstReply.none();
    }

    /** @return whether the connection lives on */
    private boolean forwardReply(Mode now, byte[] buf, int n, OutputStream out) throws IOException, InterruptedException {
        switch (now) {
            case LATENCY:
                // The injected fault itself, not a wait for a condition.
                Thread.sleep(latencyMillis);
                out.write(buf, 0, n);
                return true;
            case TRUNCATE:
                out.write(buf, 0, Math.max(1, n / 2));
                out.flush();
                damagedReplies.incrementAndGet();
                return false;
            case DROP_BYTES:
            case CORRUPT:
                byte[] damaged = now == Mode.DROP_BYTES ? damage.dropInside(buf, n) : damage.flipBit(buf, n);
                damagedReplies.incrementAndGet();
                out.write(damaged);
                return true;
            default:
                out.write(buf, 0, n);
                return true;
        }
    }

    /** Parks while blackholed (bytes stay held in the socket buffers); returns the mode after. */
    private Mode holdWhileBlackholed() throws InterruptedException {
        synchronized (gate) {
            while (mode == Mode.BLACKHOLE) {
                gate.wait();
            }
            return mode;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Closes with an RST rather than a FIN: what a middlebox or a crashed peer sends. */
    private static void abort(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        set(Mode.PASS);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        sockets.forEach(FaultProxy::abort);
    }
}
