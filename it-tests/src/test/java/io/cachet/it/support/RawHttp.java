package io.cachet.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for requests that {@link java.net.http.HttpClient} will not
 * send: a {@code Host} or {@code Origin} of the test's choosing (what a browser sends after a
 * DNS rebinding), or a request that is never finished.
 */
public final class RawHttp {

    /** A response's status line code and body; {@code status} -1 when none came in time. */
    public record Response(int status, String body) {
        /** The status and the start of the body, for an assertion's message. */
        @Override
        public String toString() {
            return status + " " + (body.length() > 160 ? body.substring(0, 160) + "..." : body).replace("\n", " ");
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method path} with {@code headers} (name, value pairs; {@code Connection: close}
     * is added) and {@code body}, and reads the response until the server closes.
     */
    public static Response send(int port, String method, String path, String body, int timeoutMillis, String... headers) {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(content);
            s.getOutputStream().flush();
            return parse(readAll(s.getInputStream()));
        } catch (SocketTimeoutException e) {
            return new Response(-1, "no response within " + timeoutMillis + " ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response get(int port, String path, String host) {
        return send(port, "GET", path, null, 5_000, "Host", host);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static Response parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.")) {
            return new Response(-1, text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyAt = text.indexOf("\r\n\r\n");
        return new Response(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
    }
}
