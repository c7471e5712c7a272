package io.cachet.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP2 client over a plain socket: what the tests use to look at and tamper with
 * Redis independently of the agent (PTTL, raw GET/SET of entry bytes, key listings).
 */
public final class RedisResp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RedisResp(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(5_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command; returns a String, Long, byte[] (bulk), List or null. */
    public synchronized Object command(Object... args) {
        try {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (Object a : args) {
                byte[] b = a instanceof byte[] ? (byte[]) a : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
                req.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                req.write(b);
                req.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(req.toByteArray());
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next reply the server sends unasked: after {@code MONITOR}, one line per command it
     * runs, those of scripts marked {@code [0 lua]}.
     *
     * @throws UncheckedIOException when none comes within 5 s
     */
    public synchronized Object next() {
        try {
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] getBytes(String key) {
        return (byte[]) command("GET", key);
    }

    public void setBytes(String key, byte[] value) {
        command("SET", key, value);
    }

    public long pttl(String key) {
        return (Long) command("PTTL", key);
    }

    public boolean exists(String key) {
        return (Long) command("EXISTS", key) == 1;
    }

    /** Test-only listing; the agent itself never runs KEYS. */
    public List<String> keys(String pattern) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) command("KEYS", pattern)) {
            out.add(new String((byte[]) o, StandardCharsets.UTF_8));
        }
        out.sort(null);
        return out;
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+': return line;
            case '-': throw new IllegalStateException("Redis error: " + line);
            case ':': return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                in.readNBytes(2);
                return b;
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default: throw new IllegalStateException("unexpected RESP type " + type);
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
