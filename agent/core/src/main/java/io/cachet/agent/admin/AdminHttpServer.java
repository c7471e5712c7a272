package io.cachet.agent.admin;

import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.OperatorEvictions;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cachet.metrics.port}: {@code GET /metrics} (Prometheus), {@code GET /} (the status
 * page), {@code GET /api/caches} (its data) and {@code POST /api/evict} (only with
 * {@code cachet.admin.enabled=true}). Bound to loopback unless {@code cachet.metrics.bind} says
 * otherwise; served by {@link StatusPortServer}, which bounds slow and idle connections.
 *
 * <p>A POST must carry {@code X-Cachet-Admin: evict}: a page on another site cannot add a
 * custom header without a CORS preflight, which this server never grants, so a browser that
 * happens to be on the operator's machine cannot be made to evict (cross-site request forgery).
 * A page that is not cross-site because its name was re-pointed at this machine (DNS
 * rebinding) can add the header, but not change the {@code Host} and {@code Origin} it sends:
 * {@link RebindingGuard} refuses those first.
 */
final class AdminHttpServer {

    static final String ADMIN_HEADER = "X-Cachet-Admin";

    private final StatusPortServer server;
    private final Caches caches;
    private final OperatorEvictions evictions;
    private final boolean adminEnabled;
    private final byte[] page;
    private final RebindingGuard guard;

    private AdminHttpServer(InetSocketAddress address, Caches caches, OperatorEvictions evictions, boolean adminEnabled)
            throws IOException {
        this.caches = caches;
        this.evictions = evictions;
        this.adminEnabled = adminEnabled;
        try (InputStream in = AdminHttpServer.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IOException("status.html is missing from the agent jar");
            }
            this.page = in.readAllBytes();
        }
        // Before the server starts: its first request is checked against the bound address and port.
        this.guard = RebindingGuard.forBinding(address);
        this.server = StatusPortServer.open(address, this::handle);
    }

    /** Binds and starts serving on daemon threads. */
    static AdminHttpServer start(String bind, int port, Caches caches, OperatorEvictions evictions,
                                 boolean adminEnabled) throws IOException {
        return new AdminHttpServer(new InetSocketAddress(bind, port), caches, evictions, adminEnabled);
    }

    int port() {
        return server.address().getPort();
    }

    void close() {
        server.close();
    }

    private HttpResponse handle(HttpRequest r, StatusConnection c) {
        String refusal = guard.refusal(r, c.local);
        if (refusal != null) {
            return HttpResponse.text(403, refusal);
        }
        if (r.path.equals("/api/evict")) {
            return r.method.equals("POST") ? evict(r, c) : HttpResponse.text(405, "POST only");
        }
        if (!r.isRead()) {
            return HttpResponse.text(405, "GET only");
        }
        switch (r.path) {
            case "/metrics":
                return HttpResponse.of(200, PrometheusText.CONTENT_TYPE, PrometheusText.render());
            case "/api/caches":
                return HttpResponse.of(200, "application/json", CachesJson.render(caches, adminEnabled));
            case "/":
                return HttpResponse.of(200, "text/html; charset=utf-8", page).header("Content-Security-Policy",
                        "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'");
            default:
                return HttpResponse.text(404, "not found");
        }
    }

    private HttpResponse evict(HttpRequest r, StatusConnection c) {
        if (!adminEnabled) {
            return HttpResponse.text(403, "evicting is off: start the application with cachet.admin.enabled=true to allow it");
        }
        if (!"evict".equals(r.header(ADMIN_HEADER.toLowerCase(Locale.ROOT)))) {
            return HttpResponse.text(403, "missing header " + ADMIN_HEADER + ": evict (refused as a possible cross-site request)");
        }
        Map<String, String> form = form(r);
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
                return HttpResponse.text(400, "give either tag=T, or cache=C with an optional key=K");
            }
            AgentLog.info("admin: " + done + " (from " + c.remote.getAddress().getHostAddress() + ")");
            return HttpResponse.text(200, done);
        } catch (IllegalArgumentException e) {
            return HttpResponse.text(400, e.getMessage());
        } catch (StoreException e) {
            return HttpResponse.text(503, "Redis did not confirm the eviction: " + e.getMessage());
        }
    }

    /** The form's fields, from the query string and the body. */
    private static Map<String, String> form(HttpRequest r) {
        Map<String, String> out = new HashMap<>();
        for (String source : new String[] {r.rawQuery, new String(r.body, StandardCharsets.UTF_8)}) {
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
}
