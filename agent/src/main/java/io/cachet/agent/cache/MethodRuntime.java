package io.cachet.agent.cache;

import io.cachet.agent.codec.MethodCodec;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
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

    private MethodRuntime(MethodCodec codec, Method method) {
        this.codec = codec;
        this.method = method;
    }

    /** Builds runtimes with the codec settings of this agent. */
    public static final class Factory {
        private final List<String> allowedPackages;
        private final int compressAbove;

        public Factory(List<String> allowedPackages, int compressAbove) {
            this.allowedPackages = allowedPackages;
            this.compressAbove = compressAbove;
        }

        /** @throws IllegalStateException when the method cannot be found or its type understood */
        MethodRuntime of(CachedMethod method, Class<?> declaringType) {
            return BY_CLASS.get(declaringType).computeIfAbsent(method, m -> create(m, declaringType, allowedPackages, compressAbove));
        }
    }

    private static MethodRuntime create(CachedMethod m, Class<?> type, List<String> allowedPackages, int compressAbove) {
        Method reflected = find(type, m);
        Type valueType = reflected.getGenericReturnType();
        Class<?> expected = reflected.getReturnType();
        if (m.shape() == ReturnShape.COMPLETION_STAGE) {
            valueType = valueType instanceof ParameterizedType ? ((ParameterizedType) valueType).getActualTypeArguments()[0] : Object.class;
            expected = erasure(valueType);
        }
        MethodCodec codec = MethodCodec.create(type.getClassLoader(), valueType, expected,
                MethodCodec.applicationPackages(type, allowedPackages), compressAbove);
        Method callable = reflected;
        try {
            callable.setAccessible(true);
        } catch (RuntimeException closedModule) {
            callable = null;
        }
        return new MethodRuntime(codec, callable);
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
