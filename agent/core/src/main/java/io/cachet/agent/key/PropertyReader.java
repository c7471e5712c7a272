package io.cachet.agent.key;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code {0.id}}-style properties at call time: a getter ({@code getId()}, {@code isId()}),
 * then a record-style accessor ({@code id()}), then a field, looked up once per runtime class.
 *
 * <p>The cache is a {@link ClassValue}, so it lives in each class and dies with it: no map here
 * keeps an application class, or its loader, alive.
 */
public final class PropertyReader {

    private static final ClassValue<Map<String, Accessor>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Accessor> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private PropertyReader() {
    }

    /** @throws KeyException when {@code target} has no such property or reading it fails */
    public static Object read(Object target, String property) {
        Accessor accessor = ACCESSORS.get(target.getClass()).computeIfAbsent(property,
                name -> find(target.getClass(), name));
        return accessor.read(target, property);
    }

    /**
     * The no-argument methods that read {@code property}, in the order they are tried; a field of
     * that name comes after them. Instrumentation checks templates against the same order.
     */
    public static List<String> accessorNames(String property) {
        String cap = property.substring(0, 1).toUpperCase(Locale.ROOT) + property.substring(1);
        return List.of("get" + cap, "is" + cap, property);
    }

    private static Accessor find(Class<?> type, String name) {
        for (String candidate : accessorNames(name)) {
            Method m = publicNoArgMethod(type, candidate);
            if (m != null) {
                try {
                    return new HandleAccessor(MethodHandles.lookup().unreflect(m), m.getName() + "()");
                } catch (IllegalAccessException e) {
                    return MISSING;
                }
            }
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                if (!Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return new HandleAccessor(MethodHandles.lookup().unreflectGetter(f), "field " + name);
                }
            } catch (NoSuchFieldException ignored) {
                // try the superclass
            } catch (RuntimeException | IllegalAccessException inaccessible) {
                return MISSING;
            }
        }
        return MISSING;
    }

    private static Method publicNoArgMethod(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            if (m.getReturnType() == void.class || Modifier.isStatic(m.getModifiers())) {
                return null;
            }
            // A public method of a non-public class (a private nested class, a lambda) is not
            // callable through reflection without this.
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (RuntimeException inaccessible) {
            return null;
        }
    }

    private interface Accessor {
        Object read(Object target, String property);
    }

    private static final Accessor MISSING = (target, property) -> {
        throw new KeyException("no property '" + property + "' on " + target.getClass().getName());
    };

    /** A getter, accessor or field, unreflected once into a method handle. */
    private static final class HandleAccessor implements Accessor {
        private final MethodHandle handle;
        private final String member;

        HandleAccessor(MethodHandle handle, String member) {
            this.handle = handle;
            this.member = member;
        }

        @Override
        public Object read(Object target, String property) {
            try {
                return handle.invoke(target);
            } catch (Throwable t) {
                throw new KeyException("reading '" + property + "' through " + member + " failed", t);
            }
        }
    }
}
