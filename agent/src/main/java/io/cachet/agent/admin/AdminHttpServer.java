package io.cachet.agent.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.OperatorEvictions;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import io.cachet.agent.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code cachet.metrics.port}: {@code GET /metrics} (Prometheus), {@code GET /} (the status
 * page), {@code GET /api/caches} (its data) and {@code POST /api/evict} (only with
 * {@code cachet.admin.enabled=true}). Bound to loopback unless {@code cachet.metrics.bind} says
 * otherwise; served by two daemon threads.
 *
 * <p>A POST must carry {@code X-Cachet-Admin: evict}: a page on another site cannot add a
 * custom header without a CORS preflight, which this server never grants, so a browser that
 * happens to be on the operator's machine cannot be made to evict (cross-site request forgery).
 */
final class AdminHttpServer {

    static final String ADMIN_HEADER = "X-Cachet-Admin";
    private static final int MAX_FORM_BYTES = 4096;

    private final HttpServer server;
    private final ExecutorService workers;
    private final Caches caches;
    private final OperatorEvictions evictions;
    private final boolean adminEnabled;
    private final byte[] page;

    private AdminHttpServer(HttpServer server, Caches caches, OperatorEvictions evictions, boolean adminEnabled) throws IOException {
        this.server = server;
        this.caches = caches;
        this.evictions = evictions;
        this.adminEnabled = adminEnabled;
        try (InputStream in = AdminHttpServer.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IOException("status.html is missing from the agent jar");
            }
            this.page = in.readAllBytes();
        }
        this.workers = Executors.newFixedThreadPool(2, new AgentThreads("cachet-http"));
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    /**
     * Binds and starts serving. Call it from a daemon thread: {@code HttpServer.start()} gives
     * its dispatcher thread the daemon status of the calling thread (the JDK's ServerImpl sets
     * none), and a non-daemon dispatcher would keep the application's JVM alive.
     */
    static AdminHttpServer start(String bind, int port, Caches caches, OperatorEvictions evictions,
                                 boolean adminEnabled) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 16);
        AdminHttpServer admin = new AdminHttpServer(http, caches, evictions, adminEnabled);
        http.start();
        return admin;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/api/evict")) {
                if (!method.equals("POST")) {
                    send(ex, 405, "text/plain", "POST only");
                } else {
                    evict(ex);
                }
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain", "GET only");
            } else if (path.equals("/metrics")) {
                send(ex, 200, PrometheusText.CONTENT_TYPE, PrometheusText.render());
            } else if (path.equals("/api/caches")) {
                send(ex, 200, "application/json", CachesJson.render(caches, adminEnabled));
            } else if (path.equals("/")) {
                ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'");
                send(ex, 200, "text/html; charset=utf-8", page);
            } else {
                send(ex, 404, "text/plain", "not found");
            }
        } catch (RuntimeException e) {
            AgentLog.debug("admin request failed: " + e);
            send(ex, 500, "text/plain", "internal error");
        } finally {
            ex.close();
        }
    }

    private void evict(HttpExchange ex) throws IOException {
        if (!adminEnabled) {
            send(ex, 403, "text/plain", "evicting is off: start the application with cachet.admin.enabled=true to allow it");
            return;
        }
        if (!"evict".equals(ex.getRequestHeaders().getFirst(ADMIN_HEADER))) {
            send(ex, 403, "text/plain", "missing header " + ADMIN_HEADER + ": evict (refused as a possible cross-site request)");
            return;
        }
        Map<String, String> form = form(ex);
        String cache = form.get("cache");
        String tag = form.get("tag");
        String key = form.get("key");
        try {
            String done;
            if (tag != null && !tag.isBlank() && cache == null) {
                evictions.tag(tag.trim());
                done = "evicted tag " + tag.trim();
            } else if (cache != null && !cache.isBlank() && tag == null) {
                if (key != null) {
                    evictions.key(cache, key);
                    done = "evicted " + cache + " key " + key;
                } else {
                    evictions.cache(cache);
                    done = "evicted every entry of " + cache;
                }
            } else {
                send(ex, 400, "text/plain", "give either tag=T, or cache=C with an optional key=K");
                return;
            }
            AgentLog.info("admin: " + done + " (from " + ex.getRemoteAddress().getAddress().getHostAddress() + ")");
            send(ex, 200, "text/plain", done);
        } catch (IllegalArgumentException e) {
            send(ex, 400, "text/plain", e.getMessage());
        } catch (StoreException e) {
            send(ex, 503, "text/plain", "Redis did not confirm the eviction: " + e.getMessage());
        }
    }

    private static Map<String, String> form(HttpExchange ex) throws IOException {
        Map<String, String> out = new HashMap<>();
        String body = new String(ex.getRequestBody().readNBytes(MAX_FORM_BYTES), StandardCharsets.UTF_8);
        String query = URI.create(ex.getRequestURI().toString()).getRawQuery();
        for (String source : new String[] {query, body}) {
            if (source == null || source.isEmpty()) {
                continue;
            }
            for (String pair : source.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
