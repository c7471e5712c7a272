package io.cachet.agent.tracing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The OpenTelemetry trace API of the application (or of the OpenTelemetry Java agent, whose
 * copy is relocated under {@code io.opentelemetry.javaagent.shaded} on the boot class path), as
 * method handles on its {@code Span}: the current span, whether it records, and setting a string
 * attribute. The agent has no OpenTelemetry of its own.
 */
final class OtelSpans {

    static final String APPLICATION_SPAN = "io.opentelemetry.api.trace.Span";
    static final String JAVAAGENT_SPAN = "io.opentelemetry.javaagent.shaded." + APPLICATION_SPAN;

    private final MethodHandle current;
    private final MethodHandle isRecording;
    private final MethodHandle setAttribute;
    /** The API's {@code Span} interface. */
    final Class<?> type;

    private OtelSpans(Class<?> span) throws ReflectiveOperationException {
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        current = l.findStatic(span, "current", MethodType.methodType(span)).asType(MethodType.methodType(Object.class));
        isRecording = l.findVirtual(span, "isRecording", MethodType.methodType(boolean.class))
                .asType(MethodType.methodType(boolean.class, Object.class));
        setAttribute = l.findVirtual(span, "setAttribute", MethodType.methodType(span, String.class, String.class))
                .asType(MethodType.methodType(Object.class, Object.class, String.class, String.class));
        type = span;
    }

    /** The API {@code loader} sees, else the Java agent's, else {@code null}. */
    static OtelSpans in(ClassLoader loader) {
        OtelSpans application = find(APPLICATION_SPAN, loader);
        return application != null ? application : find(JAVAAGENT_SPAN, null);
    }

    private static OtelSpans find(String span, ClassLoader loader) {
        try {
            return new OtelSpans(Class.forName(span, false, loader));
        } catch (ReflectiveOperationException | LinkageError | SecurityException absent) {
            return null;
        }
    }

    /** The current span if one records on this thread, else {@code null}. */
    Object recording() {
        try {
            Object span = current.invokeExact();
            return (boolean) isRecording.invokeExact(span) ? span : null;
        } catch (Throwable e) {
            return null;
        }
    }

    void set(Object span, String key, String value) {
        try {
            Object ignored = setAttribute.invokeExact(span, key, value);
        } catch (Throwable e) {
            // a span that refuses an attribute is the tracer's business, never the call's
        }
    }
}
