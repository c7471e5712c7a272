package io.cachet.benchmarks.onejvm;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import sun.misc.Unsafe;

/**
 * A prototype of copy-on-read for the near cache (benchmarks only): a plan built once from a
 * kept instance that no caller ever sees (the "master"), which then copies exactly the parts a
 * caller could change and shares the rest. Deeply immutable parts (JDK value types, enums,
 * objects whose fields are all final and hold such parts) are handed out as they are; objects
 * with a mutable part are re-created (Unsafe allocation, fields copied by offset), and so is
 * each mutable container on the way ({@code ArrayList}, arrays).
 *
 * <p>A plan is made only for a tree: a mutable node reached twice (shared or cyclic) would be
 * copied twice and lose its identity, so the planner refuses it and the caller decodes instead,
 * as it does for any type it does not know (other JDK classes, records, subclasses of JDK
 * collections). Since the master never changes, the plan stays true for the entry's life.
 */
final class ShapeCopier {

    private static final Unsafe U = unsafe();
    private static final Set<Class<?>> VALUES = Set.of(String.class, Boolean.class, Character.class, Byte.class, Short.class,
            Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, Instant.class,
            Duration.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class, ZonedDateTime.class);

    /** Copies one node of the master; {@link #SHARE} stands for a node handed out as it is. */
    abstract static class Op {
        abstract Object copy(Object src);
    }

    static final Op SHARE = new Op() {
        @Override
        Object copy(Object src) {
            return src;
        }
    };

    private ShapeCopier() {
    }

    /** The plan for {@code master}, {@link #SHARE} when nothing in it can be changed, or {@code null} (decode instead). */
    static Op plan(Object master) {
        return plan(master, new IdentityHashMap<>(), 0);
    }

    /** Copies {@code master} by its plan; the result is published safely like a constructed object. */
    static Object copy(Op plan, Object master) {
        Object out = plan.copy(master);
        U.storeFence();
        return out;
    }

    private static Op plan(Object v, IdentityHashMap<Object, Boolean> seen, int depth) {
        if (v == null || VALUES.contains(v.getClass()) || v instanceof Enum) {
            return SHARE;
        }
        if (depth > 32 || seen.put(v, Boolean.TRUE) != null) {
            return null;
        }
        Class<?> c = v.getClass();
        if (c == ArrayList.class) {
            List<?> list = (List<?>) v;
            Op[] ops = new Op[list.size()];
            for (int i = 0; i < ops.length; i++) {
                if ((ops[i] = plan(list.get(i), seen, depth + 1)) == null) {
                    return null;
                }
            }
            return new ArrayListCopy(ops);
        }
        if (c.getName().startsWith("java.util.ImmutableCollections$")) {
            for (Object e : (Iterable<?>) v) {
                if (plan(e, seen, depth + 1) != SHARE) {
                    return null; // would need rebuilding through List.of: not in this prototype
                }
            }
            return SHARE;
        }
        if (c.isArray() || c.isRecord() || c.getName().startsWith("java.") || c.getName().startsWith("javax.")) {
            return null;
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fields.add(f);
                }
            }
        }
        boolean allFinal = true;
        List<Long> prims = new ArrayList<>();
        List<Class<?>> primTypes = new ArrayList<>();
        List<Long> shared = new ArrayList<>();
        List<Long> deep = new ArrayList<>();
        List<Op> deepOps = new ArrayList<>();
        for (Field f : fields) {
            allFinal &= Modifier.isFinal(f.getModifiers());
            long offset = U.objectFieldOffset(f);
            if (f.getType().isPrimitive()) {
                prims.add(offset);
                primTypes.add(f.getType());
                continue;
            }
            Op op = plan(U.getObject(v, offset), seen, depth + 1);
            if (op == null) {
                return null;
            }
            if (op == SHARE) {
                shared.add(offset);
            } else {
                deep.add(offset);
                deepOps.add(op);
            }
        }
        if (allFinal && deep.isEmpty()) {
            return SHARE;
        }
        return new ObjectCopy(c, prims, primTypes, shared, deep, deepOps);
    }

    private static final class ArrayListCopy extends Op {
        private final Op[] ops;

        ArrayListCopy(Op[] ops) {
            this.ops = ops;
        }

        @Override
        Object copy(Object src) {
            List<?> from = (List<?>) src;
            ArrayList<Object> out = new ArrayList<>(ops.length);
            for (int i = 0; i < ops.length; i++) {
                Object e = from.get(i);
                out.add(ops[i] == SHARE ? e : ops[i].copy(e));
            }
            return out;
        }
    }

    private static final class ObjectCopy extends Op {
        private final Class<?> type;
        private final long[] longs;
        private final long[] ints;
        private final long[] shorts;
        private final long[] bytes;
        private final long[] shared;
        private final long[] deep;
        private final Op[] deepOps;

        ObjectCopy(Class<?> type, List<Long> prims, List<Class<?>> primTypes, List<Long> shared, List<Long> deep, List<Op> deepOps) {
            this.type = type;
            List<Long> l = new ArrayList<>();
            List<Long> i = new ArrayList<>();
            List<Long> s = new ArrayList<>();
            List<Long> b = new ArrayList<>();
            for (int k = 0; k < prims.size(); k++) {
                Class<?> t = primTypes.get(k);
                (t == long.class || t == double.class ? l : t == int.class || t == float.class ? i
                        : t == short.class || t == char.class ? s : b).add(prims.get(k));
            }
            this.longs = toArray(l);
            this.ints = toArray(i);
            this.shorts = toArray(s);
            this.bytes = toArray(b);
            this.shared = toArray(shared);
            this.deep = toArray(deep);
            this.deepOps = deepOps.toArray(new Op[0]);
        }

        @Override
        Object copy(Object src) {
            Object out;
            try {
                out = U.allocateInstance(type);
            } catch (InstantiationException e) {
                throw new IllegalStateException(e);
            }
            for (long o : longs) {
                U.putLong(out, o, U.getLong(src, o));
            }
            for (long o : ints) {
                U.putInt(out, o, U.getInt(src, o));
            }
            for (long o : shorts) {
                U.putShort(out, o, U.getShort(src, o));
            }
            for (long o : bytes) {
                U.putByte(out, o, U.getByte(src, o));
            }
            for (long o : shared) {
                U.putObject(out, o, U.getObject(src, o));
            }
            for (int k = 0; k < deep.length; k++) {
                U.putObject(out, deep[k], deepOps[k].copy(U.getObject(src, deep[k])));
            }
            return out;
        }
    }

    private static long[] toArray(List<Long> l) {
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
