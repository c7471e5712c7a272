package io.cachet.agent.metrics;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The builders of the application's own Micrometer (1.9 or later) that {@link MicrometerMeters}
 * uses, found on its classes and called reflectively: the agent has no Micrometer of its own, so
 * every function handed over is a JDK functional interface and every meter is the application's.
 */
final class MicrometerApi {

    private static final String PACKAGE = "io.micrometer.core.instrument.";

    private final Object globalRegistry;
    private final Method counter;
    private final Method counterTags;
    private final Method counterUnit;
    private final Method counterRegister;
    private final Method gauge;
    private final Method gaugeTags;
    private final Method gaugeUnit;
    private final Method gaugeRegister;
    private final Method timer;
    private final Method timerTags;
    private final Method timerRegister;

    /** @param metrics the application's {@code io.micrometer.core.instrument.Metrics} */
    MicrometerApi(Class<?> metrics) throws ReflectiveOperationException {
        ClassLoader loader = metrics.getClassLoader();
        Class<?> registry = Class.forName(PACKAGE + "MeterRegistry", false, loader);
        globalRegistry = metrics.getField("globalRegistry").get(null);
        Class<?> counterType = Class.forName(PACKAGE + "FunctionCounter", false, loader);
        counter = counterType.getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
        counterTags = counter.getReturnType().getMethod("tags", String[].class);
        counterUnit = counter.getReturnType().getMethod("baseUnit", String.class);
        counterRegister = counter.getReturnType().getMethod("register", registry);
        Class<?> gaugeType = Class.forName(PACKAGE + "Gauge", false, loader);
        gauge = gaugeType.getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
        gaugeTags = gauge.getReturnType().getMethod("tags", String[].class);
        gaugeUnit = gauge.getReturnType().getMethod("baseUnit", String.class);
        gaugeRegister = gauge.getReturnType().getMethod("register", registry);
        Class<?> timerType = Class.forName(PACKAGE + "FunctionTimer", false, loader);
        timer = timerType.getMethod("builder", String.class, Object.class, ToLongFunction.class, ToDoubleFunction.class,
                TimeUnit.class);
        timerTags = timer.getReturnType().getMethod("tags", String[].class);
        timerRegister = timer.getReturnType().getMethod("register", registry);
    }

    /** A monotonic count read from {@code source} at each scrape. */
    <T> void counter(String name, String unit, T source, ToDoubleFunction<T> count, String... tags)
            throws ReflectiveOperationException {
        Object b = counterTags.invoke(counter.invoke(null, name, source, count), (Object) tags);
        if (unit != null) {
            b = counterUnit.invoke(b, unit);
        }
        counterRegister.invoke(b, globalRegistry);
    }

    /** A value read from {@code source} at each scrape. */
    <T> void gauge(String name, String unit, T source, ToDoubleFunction<T> value, String... tags)
            throws ReflectiveOperationException {
        Object b = gaugeTags.invoke(gauge.invoke(null, name, source, value), (Object) tags);
        if (unit != null) {
            b = gaugeUnit.invoke(b, unit);
        }
        gaugeRegister.invoke(b, globalRegistry);
    }

    /** A count of events and their total time, read from {@code source} at each scrape. */
    <T> void timer(String name, T source, ToLongFunction<T> count, ToDoubleFunction<T> totalNanos, String... tags)
            throws ReflectiveOperationException {
        Object b = timerTags.invoke(timer.invoke(null, name, source, count, totalNanos, TimeUnit.NANOSECONDS), (Object) tags);
        timerRegister.invoke(b, globalRegistry);
    }
}
