package io.cachet.agent.tracing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Starting and ending spans with the same OpenTelemetry API as {@link OtelSpans} (the
 * application's or the Java agent's): {@code GlobalOpenTelemetry.getTracer("io.cachet")}, a span
 * builder's {@code startSpan()} (a child of the current span), {@code makeCurrent()} and
 * {@code end()}. The tracer is asked for at the first span, not before.
 */
final class OtelTracer {

    static final String SCOPE = "io.cachet";

    private final MethodHandle getTracer;
    private final MethodHandle spanBuilder;
    private final MethodHandle startSpan;
    private final MethodHandle makeCurrent;
    private final MethodHandle end;
    private volatile Object tracer;

    private OtelTracer(Class<?> span) throws ReflectiveOperationException {
        String api = span.getName().substring(0, span.getName().length() - "trace.Span".length());
        ClassLoader loader = span.getClassLoader();
        Class<?> global = Class.forName(api + "GlobalOpenTelemetry", false, loader);
        Class<?> tracerType = Class.forName(api + "trace.Tracer", false, loader);
        Class<?> builderType = Class.forName(api + "trace.SpanBuilder", false, loader);
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        MethodType generic = MethodType.methodType(Object.class, Object.class);
        getTracer = l.findStatic(global, "getTracer", MethodType.methodType(tracerType, String.class))
                .asType(MethodType.methodType(Object.class, String.class));
        spanBuilder = l.findVirtual(tracerType, "spanBuilder", MethodType.methodType(builderType, String.class))
                .asType(MethodType.methodType(Object.class, Object.class, String.class));
        startSpan = l.findVirtual(builderType, "startSpan", MethodType.methodType(span)).asType(generic);
        Class<?> scope = span.getMethod("makeCurrent").getReturnType();
        makeCurrent = l.findVirtual(span, "makeCurrent", MethodType.methodType(scope)).asType(generic);
        end = l.findVirtual(span, "end", MethodType.methodType(void.class)).asType(MethodType.methodType(void.class, Object.class));
    }

    /** The tracer API beside {@code span}, the API's {@code Span} class; {@code null} when it lacks one. */
    static OtelTracer beside(Class<?> span) {
        try {
            return new OtelTracer(span);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** A new span, child of the current one; {@code null} when the tracer fails. */
    Object start(String name) {
        try {
            Object t = tracer;
            if (t == null) {
                t = getTracer.invokeExact(SCOPE);
                tracer = t;
            }
            Object builder = spanBuilder.invokeExact(t, name);
            return startSpan.invokeExact(builder);
        } catch (Throwable e) {
            return null;
        }
    }

    /** The span made current on this thread until the returned scope is closed; {@code null} when that fails. */
    AutoCloseable makeCurrent(Object span) {
        try {
            return (AutoCloseable) makeCurrent.invokeExact(span);
        } catch (Throwable e) {
            return null;
        }
    }

    void end(Object span) {
        try {
            end.invokeExact(span);
        } catch (Throwable e) {
            // a tracer that cannot end a span is the tracer's business, never the call's
        }
    }
}
