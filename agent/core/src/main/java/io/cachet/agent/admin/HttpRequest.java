package io.cachet.agent.admin;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.x request as the status port reads it: the request line, the headers (names in
 * lower case) and a body of at most {@link #MAX_BODY_BYTES} given by {@code Content-Length}.
 * Anything else (chunked bodies, folded headers, two {@code Host} headers, a head over
 * {@link #MAX_HEAD_BYTES}) is refused: the port serves a page and a scraper, and every
 * ambiguity a parser tolerates is one a request smuggled past the {@code Host} check could use.
 */
final class HttpRequest {

    static final int MAX_HEAD_BYTES = 8192;
    static final int MAX_BODY_BYTES = 4096;
    /** Headers a decision rests on: given twice, which one counts would depend on who reads them. */
    private static final java.util.Set<String> DECISIVE = java.util.Set.of("host", "origin", "content-length",
            AdminHttpServer.ADMIN_HEADER.toLowerCase(Locale.ROOT));

    /** A request refused before it is routed, with its status and the reason sent back. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }
    }

    final String method;
    final String path;
    /** The query string, undecoded, or {@code null}. */
    final String rawQuery;
    private final Map<String, String> headers;
    final byte[] body;

    private HttpRequest(String method, String target, Map<String, String> headers, byte[] body) {
        this.method = method;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
        this.headers = headers;
        this.body = body;
    }

    /** The header's value, or {@code null}; {@code name} in lower case. */
    String header(String name) {
        return headers.get(name);
    }

    boolean isHead() {
        return method.equals("HEAD");
    }

    /** Whether the method only reads: anything else is held to the stricter check of a change. */
    boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /**
     * @return the request in {@code buf[0, length)}, or {@code null} while more bytes are needed
     * @throws Refused when no more bytes can make it a request this port answers
     */
    static HttpRequest parse(byte[] buf, int length) throws Refused {
        int headEnd = headEnd(buf, Math.min(length, MAX_HEAD_BYTES));
        if (headEnd < 0) {
            if (length >= MAX_HEAD_BYTES) {
                throw new Refused(431, "request head over " + MAX_HEAD_BYTES + " bytes");
            }
            return null;
        }
        String[] lines = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.") || !requestLine[1].startsWith("/")) {
            throw new Refused(400, "not an HTTP/1.x request line for a path");
        }
        Map<String, String> headers = headers(lines);
        int bodyLength = contentLength(headers);
        int bodyStart = headEnd + 4;
        if (length < bodyStart + bodyLength) {
            return null;
        }
        byte[] body = new byte[bodyLength];
        System.arraycopy(buf, bodyStart, body, 0, bodyLength);
        return new HttpRequest(requestLine[0], requestLine[1], headers, body);
    }

    private static Map<String, String> headers(String[] lines) throws Refused {
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || !token(line.substring(0, colon))) {
                throw new Refused(400, "malformed header line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (headers.putIfAbsent(name, value) != null && DECISIVE.contains(name)) {
                throw new Refused(400, "header " + name + " given twice");
            }
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new Refused(400, "send the body with Content-Length, not Transfer-Encoding");
        }
        return headers;
    }

    private static int contentLength(Map<String, String> headers) throws Refused {
        String v = headers.get("content-length");
        if (v == null) {
            return 0;
        }
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Refused(400, "Content-Length is not a number");
        }
        int n = Integer.parseInt(v);
        if (n > MAX_BODY_BYTES) {
            throw new Refused(413, "body over " + MAX_BODY_BYTES + " bytes");
        }
        return n;
    }

    private static boolean token(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The index of the blank line's CR LF CR LF, or -1. */
    private static int headEnd(byte[] b, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
