package io.cachet.agent.admin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response of the status port, rendered whole: every response closes its connection
 * ({@code Connection: close}), so no connection is kept idle between requests and the server
 * never has to tell a slow next request from an abandoned connection.
 */
final class HttpResponse {

    private final int status;
    private final byte[] body;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private HttpResponse(int status, String type, byte[] body) {
        this.status = status;
        this.body = body;
        headers.put("Content-Type", type);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
    }

    static HttpResponse of(int status, String type, byte[] body) {
        return new HttpResponse(status, type, body);
    }

    static HttpResponse of(int status, String type, String body) {
        return of(status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse text(int status, String body) {
        return of(status, "text/plain; charset=utf-8", body);
    }

    HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    /** The bytes to send; for a HEAD request the same head without the body. */
    byte[] bytes(boolean head) {
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, value) -> h.append(name).append(": ").append(value).append("\r\n"));
        h.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.length() + (head ? 0 : body.length));
        out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 413: return "Content Too Large";
            case 431: return "Request Header Fields Too Large";
            case 503: return "Service Unavailable";
            default: return status < 500 ? "Client Error" : "Server Error";
        }
    }
}
