package io.cachet.agent.admin;

import io.cachet.agent.log.AgentLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses requests from pages served under another name (DNS rebinding): an attacker's page on
 * {@code evil.example}, whose name is then re-pointed at this machine, reaches the port as a
 * same-origin page, and can add any header, {@code X-Cachet-Admin} included. What it cannot
 * change is the name its requests carry: {@code Host: evil.example:PORT}, and for a POST
 * {@code Origin: http://evil.example:PORT}.
 *
 * <p>A name is this server's when it is the address the connection was made to (an IP literal),
 * {@code localhost} on a loopback connection (browsers resolve it to loopback themselves, so
 * it cannot be rebound), or, on a port bound beyond loopback, this machine's own host name. The
 * port must be the bound one.
 *
 * <p>Which requests are checked:
 * <ul>
 *   <li>Every request that is not a GET or HEAD (an eviction): it must carry a {@code Host} that
 *       names this server, and an {@code Origin}, if any, of this server ({@code null} is refused).
 *   <li>Reads, on a loopback bind: the same checks where the headers are present (a request
 *       without {@code Host} is HTTP/1.0, which no browser sends). The statistics there are
 *       for this machine's own scraper; cache names, tag templates and traffic are not for a page.
 *   <li>Reads, on a port bound beyond loopback: not checked. The operator has exposed the
 *       statistics to the network, where a scraper may name the server by a service name or a
 *       load balancer's that this JVM cannot know; and whoever can reach the port can read it
 *       directly, so a rebinding page learns nothing a direct request would not.
 * </ul>
 */
final class RebindingGuard {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final int port;
    private final boolean loopbackBind;
    /** This machine's names (lower case), accepted on a bind beyond loopback. */
    private final Set<String> machineNames;

    private RebindingGuard(int port, boolean loopbackBind, Set<String> machineNames) {
        this.port = port;
        this.loopbackBind = loopbackBind;
        this.machineNames = machineNames;
    }

    static RebindingGuard forBinding(InetSocketAddress bound) {
        boolean loopback = bound.getAddress() != null && bound.getAddress().isLoopbackAddress();
        return new RebindingGuard(bound.getPort(), loopback, loopback ? Set.of() : machineNames());
    }

    /** The reason to refuse {@code r}, made on a connection to {@code local}; {@code null} to serve it. */
    String refusal(HttpRequest r, InetSocketAddress local) {
        if (r.isRead() && !loopbackBind) {
            return null;
        }
        String host = r.header("host");
        if (host == null) {
            return r.isRead() ? null : "refused: a request that changes something must name this server in its Host header";
        }
        if (!namesThisServer(host, local)) {
            return "refused: Host " + host + " does not name this server (" + expected(local) + "); a page served"
                    + " under another name, as after a DNS rebinding, may not use this port";
        }
        String origin = r.header("origin");
        if (origin != null && !originOfThisServer(origin, local)) {
            return "refused: Origin " + origin + " is not this server (http://" + expected(local) + "); a page of"
                    + " another site may not use this port";
        }
        return null;
    }

    private boolean originOfThisServer(String origin, InetSocketAddress local) {
        try {
            URI uri = new URI(origin);
            return "http".equals(uri.getScheme()) && uri.getRawPath() != null && uri.getRawPath().isEmpty()
                    && uri.getRawAuthority() != null && namesThisServer(uri.getRawAuthority(), local);
        } catch (Exception notAUri) {
            return false; // "null" (sandboxed frames, files) among them
        }
    }

    /** Whether {@code authority} ({@code host[:port]}, port 80 when left out) is this server's name and port. */
    private boolean namesThisServer(String authority, InetSocketAddress local) {
        String a = authority.toLowerCase(Locale.ROOT);
        int portAt = a.startsWith("[") ? a.indexOf("]:") + 1 : a.lastIndexOf(':');
        String name = portAt > 0 ? a.substring(0, portAt) : a;
        String portText = portAt > 0 ? a.substring(portAt + 1) : "";
        int given = portText.isEmpty() ? 80 : parsePort(portText);
        return given == port && isThisServer(name, local.getAddress());
    }

    private boolean isThisServer(String name, InetAddress local) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.equals("localhost")) {
            return local.isLoopbackAddress();
        }
        if (IPV4.matcher(n).matches() || n.startsWith("[") && n.endsWith("]")) {
            return local.equals(literal(n));
        }
        return !loopbackBind && machineNames.contains(n);
    }

    /** An IP literal as an address, never looked up as a name; {@code null} when it is not one. */
    private static InetAddress literal(String n) {
        try {
            if (n.startsWith("[")) {
                String v6 = n.substring(1, n.length() - 1);
                // With a colon in it, InetAddress parses an IPv6 literal and never asks DNS.
                return v6.indexOf(':') >= 0 ? InetAddress.getByName(v6) : null;
            }
            String[] parts = n.split("\\.");
            byte[] v4 = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                v4[i] = (byte) octet;
            }
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private static int parsePort(String s) {
        return s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(s) : -1;
    }

    private String expected(InetSocketAddress local) {
        String address = local.getAddress() instanceof java.net.Inet6Address
                ? "[" + local.getAddress().getHostAddress() + "]" : local.getAddress().getHostAddress();
        return address + ":" + port + (local.getAddress().isLoopbackAddress() ? " or localhost:" + port : "");
    }

    /**
     * This machine's host name and its canonical form, looked up once when the port is bound
     * beyond loopback (on the exporters' thread, never on a request).
     */
    private static Set<String> machineNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            InetAddress self = InetAddress.getLocalHost();
            names.add(self.getHostName().toLowerCase(Locale.ROOT));
            names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
        } catch (UnknownHostException e) {
            AgentLog.warn("the status port cannot learn this machine's host name (" + e.getMessage()
                    + "); requests that change something must name it by its address");
        }
        return Set.copyOf(names);
    }
}
