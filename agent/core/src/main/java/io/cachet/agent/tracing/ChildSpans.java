package io.cachet.agent.tracing;

/**
 * With {@code cachet.tracing.spans=true}, spans of Cachet's own work under the application's
 * current span: one per load ({@code cachet.load <cache>}, current while the method runs, so what
 * the method does nests under it) and one per Redis call Cachet waits for, named after the
 * command as OpenTelemetry's Redis instrumentation names its own ({@code MGET}, ...), with
 * {@code db.system=redis}. Nothing when no span is current (a background reload, a Redisson
 * thread), and nothing at all when off: one volatile read.
 */
public final class ChildSpans {

    private static volatile boolean on;
    private static volatile OtelTracer tracer;

    private ChildSpans() {
    }

    /** {@code cachet.tracing.spans}. */
    public static void enable(boolean spans) {
        on = spans;
    }

    static void found(Class<?> span) {
        if (on) {
            tracer = OtelTracer.beside(span);
        }
    }

    /** A load of {@code cache} starts on this thread: its span, made current; {@code null} when there is none. */
    public static Open load(String cache) {
        OtelTracer t = tracer;
        if (t == null || CacheSpans.recording() == null) {
            return null;
        }
        Object span = t.start("cachet.load " + cache);
        if (span == null) {
            return null;
        }
        CacheSpans.set(span, CacheSpans.NAME, cache);
        return new Open(t, span, t.makeCurrent(span));
    }

    /** A Redis call Cachet waits for on this thread; {@code null} when there is no span for it. */
    public static Open redis(String command) {
        OtelTracer t = tracer;
        if (t == null || CacheSpans.recording() == null) {
            return null;
        }
        Object span = t.start(command);
        if (span == null) {
            return null;
        }
        CacheSpans.set(span, "db.system", "redis");
        CacheSpans.set(span, "db.operation.name", command);
        return new Open(t, span, null);
    }

    /** Ends {@code open} (which may be {@code null}), saying what failed if something did. */
    public static void end(Open open, Throwable failure) {
        if (open != null) {
            open.end(failure);
        }
    }

    /** A started span, and the scope that keeps it current when it is. */
    public static final class Open {
        private final OtelTracer tracer;
        private final Object span;
        private final AutoCloseable scope;

        private Open(OtelTracer tracer, Object span, AutoCloseable scope) {
            this.tracer = tracer;
            this.span = span;
            this.scope = scope;
        }

        void end(Throwable failure) {
            if (failure != null) {
                CacheSpans.set(span, "error.type", failure.getClass().getName());
            }
            if (scope != null) {
                try {
                    scope.close();
                } catch (Exception e) {
                    // OpenTelemetry's Scope.close declares no exception
                }
            }
            tracer.end(span);
        }
    }
}
