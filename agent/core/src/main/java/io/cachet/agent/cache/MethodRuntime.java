package io.cachet.agent.cache;

import io.cachet.agent.codec.MethodCodec;
import io.cachet.agent.kotlin.Coroutines;
import io.cachet.agent.kotlin.ValueForm;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.metrics.MicrometerMeters;
import io.cachet.agent.reactive.Deferring;
import io.cachet.agent.reactive.Reactor;
import io.cachet.agent.tracing.CacheSpans;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a cached method needs that involves its {@code Class}: the codec, with its class loader
 * and the shape of its return type. Kept in a {@link ClassValue} of the declaring class, so it
 * lives and dies with that class and never pins its loader from a global map.
 */
public final class MethodRuntime {

    private static final ClassValue<Map<CachedMethod, MethodRuntime>> BY_CLASS = new ClassValue<>() {
        @Override
        protected Map<CachedMethod, MethodRuntime> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    final MethodCodec codec;
    /** The method itself, to reload an entry in the background; {@code null} when not callable. */
    final Method method;
    /** For a method returning a {@code Mono} or {@code Flux}: how its result is wrapped; else {@code null}. */
    final Deferring deferring;
    /** For a Kotlin {@code suspend} function: its Kotlin runtime, and the forms of its value; else {@code null}. */
    final Coroutines coroutines;
    final ValueForm valueForm;

    private MethodRuntime(MethodCodec codec, Method method, Deferring deferring, Coroutines coroutines, ValueForm valueForm) {
        this.codec = codec;
        this.method = method;
        this.deferring = deferring;
        this.coroutines = coroutines;
        this.valueForm = valueForm;
    }

    /** Builds runtimes with the codec settings of this agent. */
    public static final class Factory {
        private final List<String> allowedPackages;
        private final int compressAbove;
        private final int maxElements;
        private final int maxEntryBytes;

        /**
         * @param maxElements the longest {@code Flux} that is cached
         * @param maxEntryBytes the largest entry stored
         */
        public Factory(List<String> allowedPackages, int compressAbove, int maxElements, int maxEntryBytes) {
            this.allowedPackages = allowedPackages;
            this.compressAbove = compressAbove;
            this.maxElements = maxElements;
            this.maxEntryBytes = maxEntryBytes;
        }

        int maxEntryBytes() {
            return maxEntryBytes;
        }

        /** @throws IllegalStateException when the method cannot be found or its type understood */
        MethodRuntime of(CachedMethod method, Class<?> declaringType) {
            // Not computeIfAbsent: it would hold concurrent first callers on a lock while the
            // codec is built, and those may be threads that must not block (a Reactor
            // subscription). Two first callers may both build one; either will do.
            Map<CachedMethod, MethodRuntime> runtimes = BY_CLASS.get(declaringType);
            MethodRuntime r = runtimes.get(method);
            if (r == null) {
                MethodRuntime built = create(method, declaringType, this);
                r = runtimes.putIfAbsent(method, built);
                if (r == null) {
                    r = built;
                }
            }
            return r;
        }
    }

    private static MethodRuntime create(CachedMethod m, Class<?> type, Factory f) {
        // A first call from this class: its loader is the application's, where its logging,
        // Micrometer and OpenTelemetry are looked for (nothing is loaded where they are absent).
        ClassLoader loader = type.getClassLoader();
        AgentLog.applicationLoader(loader);
        MicrometerMeters.bindIn(loader);
        CacheSpans.lookIn(loader);
        Method reflected = find(type, m);
        Type valueType = valueType(m.shape(), reflected);
        if (m.shape() == ReturnShape.SUSPEND && erasure(valueType).getName().equals("kotlin.Unit")) {
            throw new IllegalStateException("it returns Unit, so there is nothing to cache");
        }
        // A Flux is cached as the list of its elements.
        Class<?> expected = m.shape() == ReturnShape.VALUE ? reflected.getReturnType()
                : m.shape() == ReturnShape.FLUX ? List.class : erasure(valueType);
        MethodCodec codec = MethodCodec.create(type.getClassLoader(), valueType, expected,
                MethodCodec.applicationPackages(m.method().ownerTypeName(), f.allowedPackages), f.compressAbove);
        Method callable = reflected;
        try {
            callable.setAccessible(true);
        } catch (RuntimeException closedModule) {
            callable = null;
        }
        Deferring deferring = m.shape().deferred() ? Reactor.deferring(reflected.getReturnType(), f.maxElements) : null;
        Coroutines coroutines = m.shape() == ReturnShape.SUSPEND
                ? Coroutines.of(reflected.getParameterTypes()[reflected.getParameterCount() - 1]) : null;
        return new MethodRuntime(codec, callable, deferring, coroutines, coroutines == null ? null : ValueForm.of(erasure(valueType)));
    }

    /**
     * The type of the value that is cached: the return type; a future's, {@code Mono}'s or
     * {@code Flux}'s type argument; a {@code suspend} function's continuation's.
     */
    private static Type valueType(ReturnShape shape, Method reflected) {
        switch (shape) {
            case COMPLETION_STAGE:
            case MONO:
            case FLUX:
                return typeArgument(reflected.getGenericReturnType());
            case SUSPEND:
                Type[] params = reflected.getGenericParameterTypes();
                // Continuation<? super T>: T is the lower bound of the wildcard.
                Type t = typeArgument(params[params.length - 1]);
                return t instanceof WildcardType && ((WildcardType) t).getLowerBounds().length == 1
                        ? ((WildcardType) t).getLowerBounds()[0] : t;
            default:
                return reflected.getGenericReturnType();
        }
    }

    private static Type typeArgument(Type t) {
        return t instanceof ParameterizedType ? ((ParameterizedType) t).getActualTypeArguments()[0] : Object.class;
    }

    private static Method find(Class<?> type, CachedMethod m) {
        for (Method candidate : type.getDeclaredMethods()) {
            if (candidate.getName().equals(m.method().methodName()) && !candidate.isBridge()
                    && candidate.getParameterCount() == m.method().parameterTypes().size()) {
                Class<?>[] params = candidate.getParameterTypes();
                boolean same = true;
                for (int i = 0; i < params.length && same; i++) {
                    same = params[i].getTypeName().equals(m.method().parameterTypes().get(i));
                }
                if (same) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find " + m.displayName() + " by reflection");
    }

    private static Class<?> erasure(Type t) {
        if (t instanceof Class) {
            return (Class<?>) t;
        }
        if (t instanceof ParameterizedType) {
            return erasure(((ParameterizedType) t).getRawType());
        }
        return Object.class;
    }
}
