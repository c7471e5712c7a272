package io.cachet.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RebindingGuardTest {

    private static final int PORT = 9400;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT);
    private static final RebindingGuard ON_LOOPBACK = RebindingGuard.forBinding(LOOPBACK);

    private static HttpRequest request(String method, String... headers) {
        StringBuilder raw = new StringBuilder(method + " /api/evict HTTP/1.1\r\n");
        for (String h : headers) {
            raw.append(h).append("\r\n");
        }
        byte[] b = raw.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            return HttpRequest.parse(b, b.length);
        } catch (HttpRequest.Refused e) {
            throw new AssertionError(e);
        }
    }

    private static String refusal(String method, String... headers) {
        return ON_LOOPBACK.refusal(request(method, headers), LOOPBACK);
    }

    @Test
    void theAddressOrLocalhostWithTheBoundPortIsThisServer() {
        assertThat(refusal("POST", "Host: 127.0.0.1:9400")).isNull();
        assertThat(refusal("POST", "Host: LOCALHOST:9400", "Origin: http://localhost:9400")).isNull();
        assertThat(refusal("POST", "Host: localhost.:9400")).isNull();
    }

    @Test
    void anotherNameIsRefusedSayingWhichHeaderAndWhatWasExpected() {
        assertThat(refusal("POST", "Host: evil.example:9400", "Origin: http://evil.example:9400"))
                .contains("Host evil.example:9400").contains("127.0.0.1:9400 or localhost:9400");
        assertThat(refusal("GET", "Host: evil.example:9400")).as("reads on a loopback bind").contains("Host");
    }

    @Test
    void anotherPortOrAnotherAddressIsRefused() {
        assertThat(refusal("POST", "Host: 127.0.0.1:9401")).isNotNull();
        assertThat(refusal("POST", "Host: 127.0.0.1")).as("port 80 implied").isNotNull();
        assertThat(refusal("POST", "Host: 127.0.0.2:9400")).as("another loopback address than the one reached").isNotNull();
        assertThat(refusal("POST", "Host: 2130706433:9400")).as("a number some resolvers read as 127.0.0.1").isNotNull();
        assertThat(refusal("POST", "Host: 127.0.0.1.evil.example:9400")).isNotNull();
    }

    @Test
    void anOriginMustBeThisServerToo() {
        assertThat(refusal("POST", "Host: 127.0.0.1:9400", "Origin: http://evil.example:9400")).contains("Origin");
        assertThat(refusal("POST", "Host: 127.0.0.1:9400", "Origin: null")).contains("Origin");
        assertThat(refusal("POST", "Host: 127.0.0.1:9400", "Origin: https://127.0.0.1:9400")).as("another scheme").contains("Origin");
        assertThat(refusal("POST", "Host: 127.0.0.1:9400", "Origin: http://127.0.0.1:9400/x")).contains("Origin");
    }

    @Test
    void aChangeMustSendHostAReadNeedNot() {
        assertThat(refusal("POST")).contains("Host header");
        assertThat(refusal("GET")).as("HTTP/1.0, which no browser sends").isNull();
    }

    @Test
    void readsAreNotCheckedOnAPortBoundBeyondLoopback() throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), PORT);
        RebindingGuard exposed = RebindingGuard.forBinding(any);
        InetSocketAddress reached = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), PORT);
        assertThat(exposed.refusal(request("GET", "Host: metrics.prod.internal:9400"), reached)).isNull();
        assertThat(exposed.refusal(request("POST", "Host: 10.1.2.3:9400"), reached)).isNull();
        assertThat(exposed.refusal(request("POST", "Host: evil.example:9400"), reached)).isNotNull();
        assertThat(exposed.refusal(request("POST", "Host: localhost:9400"), reached))
                .as("localhost is this server only on a loopback connection").isNotNull();
    }
}
