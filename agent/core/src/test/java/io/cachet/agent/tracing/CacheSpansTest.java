package io.cachet.agent.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.metrics.AgentMetrics;
import io.cachet.agent.metrics.CacheStats;
import io.cachet.agent.metrics.Tier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

/** What a call did, on the current span of the application's OpenTelemetry (here the SDK). */
class CacheSpansTest {

    private final Tracer tracer = SdkTracerProvider.builder().build().get("test");
    private final CacheStats stats = AgentMetrics.forCache("traced");

    @Test
    void theCurrentSpanGetsTheCacheItsResultAndOnAHitTheTier() {
        CacheSpans.lookIn(getClass().getClassLoader());
        assertThat(attributesAfter(() -> stats.hit(Tier.L2))).isEqualTo("traced hit l2");
        assertThat(attributesAfter(() -> stats.hit(Tier.L1))).isEqualTo("traced hit l1");
        assertThat(attributesAfter(stats::miss)).isEqualTo("traced miss null");
        assertThat(attributesAfter(stats::staleEntry)).isEqualTo("traced stale null");
        assertThat(attributesAfter(stats::bypass)).isEqualTo("traced bypass null");
    }

    @Test
    void withNoSpanCurrentNothingIsSet() {
        CacheSpans.lookIn(getClass().getClassLoader());
        Span notCurrent = tracer.spanBuilder("elsewhere").startSpan();
        stats.hit(Tier.L2);
        assertThat(((ReadableSpan) notCurrent).getAttribute(AttributeKey.stringKey(CacheSpans.RESULT))).isNull();
        notCurrent.end();
    }

    private String attributesAfter(Runnable call) {
        Span span = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            call.run();
        } finally {
            span.end();
        }
        ReadableSpan r = (ReadableSpan) span;
        return r.getAttribute(AttributeKey.stringKey(CacheSpans.NAME)) + " " + r.getAttribute(AttributeKey.stringKey(CacheSpans.RESULT))
                + " " + r.getAttribute(AttributeKey.stringKey(CacheSpans.TIER));
    }
}
