package io.cachet.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestTest {

    private static HttpRequest parse(String raw) throws HttpRequest.Refused {
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequest.parse(b, b.length);
    }

    private static int refusal(String raw) {
        try {
            parse(raw);
            return 0;
        } catch (HttpRequest.Refused e) {
            return e.status;
        }
    }

    @Test
    void aCompleteGetWithItsHeadersInLowerCase() throws Exception {
        HttpRequest r = parse("GET /metrics?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9400\r\nAccept: */*\r\n\r\n");
        assertThat(r.method).isEqualTo("GET");
        assertThat(r.path).isEqualTo("/metrics");
        assertThat(r.rawQuery).isEqualTo("x=1");
        assertThat(r.header("host")).isEqualTo("127.0.0.1:9400");
        assertThat(r.isRead()).isTrue();
    }

    @Test
    void incompleteUntilTheBlankLineAndTheWholeBody() throws Exception {
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\n")).isNull();
        assertThat(parse("POST /api/evict HTTP/1.1\r\nContent-Length: 9\r\n\r\ntag=")).isNull();
        HttpRequest r = parse("POST /api/evict HTTP/1.1\r\nContent-Length: 9\r\n\r\ntag=ops:1");
        assertThat(new String(r.body, StandardCharsets.UTF_8)).isEqualTo("tag=ops:1");
        assertThat(r.isRead()).isFalse();
    }

    @Test
    void aHeadLongerThanTheBoundIsRefusedEvenUnfinished() {
        assertThat(refusal("GET / HTTP/1.1\r\nX: " + "a".repeat(HttpRequest.MAX_HEAD_BYTES))).isEqualTo(431);
    }

    @Test
    void aBodyLongerThanTheBoundIsRefusedBeforeItArrives() {
        assertThat(refusal("POST /api/evict HTTP/1.1\r\nContent-Length: 5000\r\n\r\n")).isEqualTo(413);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",                        // which Host counts?
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",  // which length?
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n",
        "GET http://evil.example/ HTTP/1.1\r\n\r\n",                            // absolute form: a second Host
        "GET / SPDY/3\r\n\r\n",
        "GET /\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
    })
    void ambiguousOrMalformedRequestsAreRefused(String raw) {
        assertThat(refusal(raw)).isEqualTo(400);
    }

    @Test
    void otherHeadersGivenTwiceKeepTheirFirstValue() throws Exception {
        assertThat(parse("GET / HTTP/1.1\r\nAccept: a\r\nAccept: b\r\n\r\n").header("accept")).isEqualTo("a");
    }

    @Test
    void theAdminHeaderGivenTwiceIsRefused() {
        assertThat(refusal("POST / HTTP/1.1\r\nX-Cachet-Admin: evict\r\nx-cachet-admin: no\r\n\r\n")).isEqualTo(400);
    }

    @Test
    void aHeadResponseHasTheLengthButNoBody() {
        HttpResponse r = HttpResponse.text(200, "hello");
        String head = new String(r.bytes(true), StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 5\r\n", "Connection: close\r\n").endsWith("\r\n\r\n");
        assertThat(new String(r.bytes(false), StandardCharsets.ISO_8859_1)).endsWith("\r\n\r\nhello");
    }
}
