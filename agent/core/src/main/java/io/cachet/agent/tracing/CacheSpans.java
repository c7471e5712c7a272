package io.cachet.agent.tracing;

import io.cachet.agent.log.AgentLog;

/**
 * What a cache call did, on the application's current OpenTelemetry span: {@code cache.name},
 * {@code cache.result} ({@code hit}, {@code miss}, {@code stale}, {@code bypass}) and, on a hit,
 * {@code cache.tier} ({@code l1}: this JVM's memory, {@code l2}: Redis). Set from the one place
 * each result is counted ({@code CacheStats}), so every path reports it. When the application has
 * no OpenTelemetry, or {@code cachet.tracing.enabled=false}, that costs one volatile read; with
 * no span current on the thread, nothing is set.
 */
public final class CacheSpans {

    public static final String NAME = "cache.name";
    public static final String RESULT = "cache.result";
    public static final String TIER = "cache.tier";

    private static volatile boolean enabled = true;
    private static volatile OtelSpans spans;

    private CacheSpans() {
    }

    /** {@code cachet.tracing.enabled}. */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** Looks for OpenTelemetry in {@code loader} (of a class whose cached method runs for the first time), once found no more. */
    public static void lookIn(ClassLoader loader) {
        if (!enabled || spans != null) {
            return;
        }
        OtelSpans found = OtelSpans.in(loader);
        if (found != null) {
            ChildSpans.found(found.type);
            spans = found;
            AgentLog.info("tracing: cache.name, cache.result and cache.tier are set on the current span (OpenTelemetry "
                    + found.type.getName() + ")");
        }
    }

    /** The current span if OpenTelemetry is there and a span records on this thread, else {@code null}. */
    static Object recording() {
        OtelSpans s = spans;
        return s == null ? null : s.recording();
    }

    static void set(Object span, String key, String value) {
        OtelSpans s = spans;
        if (s != null) {
            s.set(span, key, value);
        }
    }

    /** A call's result; {@code tier} is {@code null} but on a hit. Never throws. */
    public static void result(String cache, String result, String tier) {
        OtelSpans s = spans;
        if (s == null) {
            return;
        }
        Object span = s.recording();
        if (span != null) {
            s.set(span, NAME, cache);
            s.set(span, RESULT, result);
            if (tier != null) {
                s.set(span, TIER, tier);
            }
        }
    }
}
