package io.cachet.benchmarks.onejvm;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The floor of a remote read: RESP written by hand on a plain blocking {@link Socket}. The
 * calling thread writes the command and blocks in {@code read} until Redis answers, so the only
 * wake-up is the kernel's; no event loop, no future, no hand-off to another thread.
 */
final class RespSocket implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RespSocket(String address) throws IOException {
        URI uri = URI.create(address);
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(5_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            byte[] auth = colon < 0 ? command("AUTH", userInfo)
                    : command("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
            out.write(auth);
            readSimple();
        }
    }

    /** The bytes of a command as RESP: an array of bulk strings. */
    static byte[] command(String... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] head = ("*" + parts.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        b.write(head, 0, head.length);
        for (String p : parts) {
            byte[] v = p.getBytes(StandardCharsets.UTF_8);
            byte[] len = ("$" + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
            b.write(len, 0, len.length);
            b.write(v, 0, v.length);
            b.write('\r');
            b.write('\n');
        }
        return b.toByteArray();
    }

    /** Sends a pre-encoded GET and reads its bulk-string answer ({@code null} for a missing key). */
    byte[] get(byte[] encodedGet) throws IOException {
        out.write(encodedGet);
        out.flush();
        return readBulk(in.read());
    }

    /** Sends a pre-encoded MGET of {@code n} keys and reads its array answer into {@code into}. */
    byte[][] mget(byte[] encodedMget, byte[][] into) throws IOException {
        out.write(encodedMget);
        out.flush();
        int type = in.read();
        if (type != '*') {
            throw new IOException("not an array: " + (char) type);
        }
        long n = readNumber();
        for (int i = 0; i < n; i++) {
            into[i] = readBulk(in.read());
        }
        return into;
    }

    private byte[] readBulk(int type) throws IOException {
        if (type != '$') {
            throw new IOException("not a bulk string: " + (char) type + " " + (type == '-' ? readLine() : ""));
        }
        long n = readNumber();
        if (n < 0) {
            return null;
        }
        byte[] v = new byte[(int) n];
        int read = 0;
        while (read < n) {
            int r = in.read(v, read, (int) n - read);
            if (r < 0) {
                throw new IOException("closed");
            }
            read += r;
        }
        in.read(); // \r
        in.read(); // \n
        return v;
    }

    private long readNumber() throws IOException {
        long v = 0;
        boolean negative = false;
        int c;
        while ((c = in.read()) != '\r') {
            if (c == '-') {
                negative = true;
            } else if (c < 0) {
                throw new IOException("closed");
            } else {
                v = v * 10 + (c - '0');
            }
        }
        in.read(); // \n
        return negative ? -v : v;
    }

    private String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r' && c >= 0) {
            s.append((char) c);
        }
        in.read();
        return s.toString();
    }

    private void readSimple() throws IOException {
        int type = in.read();
        String line = readLine();
        if (type != '+') {
            throw new IOException("AUTH refused: " + line);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
