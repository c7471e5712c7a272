package io.cachet.agent.shadow;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether two results are the same value, field by field, for types whose {@code equals} is
 * identity (a legacy class compared with its decoded copy would otherwise always differ).
 *
 * <p>JDK value types (strings, numbers, dates, enums) use their {@code equals}; arrays, lists,
 * sets, maps and {@code Optional} are compared by their elements; other objects by their
 * non-static, non-transient fields (transient fields are not cached, so they would always
 * differ). A pair already being compared counts as equal, which cuts cycles. With
 * {@code preferEquals}, a class that overrides {@code equals} is compared with it.
 */
final class StructuralEquality {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_SET_SCAN = 1_000;

    private final boolean preferEquals;
    private final IdentityHashMap<Object, Object> inProgress = new IdentityHashMap<>();

    private StructuralEquality(boolean preferEquals) {
        this.preferEquals = preferEquals;
    }

    static boolean equal(Object a, Object b, boolean preferEquals) {
        return new StructuralEquality(preferEquals).compare(a, b, 0);
    }

    private boolean compare(Object a, Object b, int depth) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return false;
        }
        if (depth > MAX_DEPTH || isJdkValue(a.getClass())) {
            return a.equals(b);
        }
        if (inProgress.get(a) == b) {
            return true;
        }
        inProgress.put(a, b);
        try {
            return compareStructured(a, b, depth + 1);
        } finally {
            inProgress.remove(a);
        }
    }

    private boolean compareStructured(Object a, Object b, int depth) {
        Class<?> type = a.getClass();
        if (type.isArray()) {
            int n = Array.getLength(a);
            if (n != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (!compare(Array.get(a, i), Array.get(b, i), depth)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Optional) {
            return compare(((Optional<?>) a).orElse(null), ((Optional<?>) b).orElse(null), depth);
        }
        if (a instanceof Map) {
            return maps((Map<?, ?>) a, (Map<?, ?>) b, depth);
        }
        if (a instanceof Set) {
            return sets((Set<?>) a, (Set<?>) b, depth);
        }
        if (a instanceof Collection) {
            return inOrder((Collection<?>) a, (Collection<?>) b, depth);
        }
        if (preferEquals && overridesEquals(type)) {
            return a.equals(b);
        }
        return fields(a, b, depth);
    }

    private boolean maps(Map<?, ?> a, Map<?, ?> b, int depth) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : a.entrySet()) {
            // Keys are looked up by their own equals: a map whose keys have none is keyed by identity anyway.
            if (!b.containsKey(e.getKey()) || !compare(e.getValue(), b.get(e.getKey()), depth)) {
                return false;
            }
        }
        return true;
    }

    private boolean sets(Set<?> a, Set<?> b, int depth) {
        if (a.size() != b.size()) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        if (a.size() > MAX_SET_SCAN) {
            return false;
        }
        List<Object> unmatched = new ArrayList<>(b);
        for (Object x : a) {
            boolean found = false;
            for (Iterator<Object> it = unmatched.iterator(); it.hasNext() && !found; ) {
                if (compare(x, it.next(), depth)) {
                    it.remove();
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private boolean inOrder(Collection<?> a, Collection<?> b, int depth) {
        if (a.size() != b.size()) {
            return false;
        }
        Iterator<?> ib = b.iterator();
        for (Object x : a) {
            if (!ib.hasNext() || !compare(x, ib.next(), depth)) {
                return false;
            }
        }
        return true;
    }

    private boolean fields(Object a, Object b, int depth) {
        for (Class<?> c = a.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    if (!compare(f.get(a), f.get(b), depth)) {
                        return false;
                    }
                } catch (ReflectiveOperationException | RuntimeException closed) {
                    // A class in a module that does not open its fields: its equals is all we have.
                    return Objects.equals(a, b);
                }
            }
        }
        return true;
    }

    private static boolean isJdkValue(Class<?> c) {
        if (c.isPrimitive() || c.isEnum() || Number.class.isAssignableFrom(c) || c == String.class
                || c == Boolean.class || c == Character.class) {
            return true;
        }
        String n = c.getName();
        return (n.startsWith("java.") || n.startsWith("javax.")) && !c.isArray()
                && !Collection.class.isAssignableFrom(c) && !Map.class.isAssignableFrom(c) && c != Optional.class;
    }

    private static boolean overridesEquals(Class<?> c) {
        try {
            return c.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException impossible) {
            return false;
        }
    }
}
