package io.cachet.agent.near;

import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import io.cachet.agent.codec.SerializationInstantiators;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;

/**
 * Copy on read for a near entry whose value a caller could change: a plan made once from a
 * decoded instance that no caller ever sees (the master), which then copies exactly the parts
 * a caller could change and hands out the rest as it is. Copying the master costs a fraction of
 * decoding the entry's bytes again (no stream to parse, no strings or decimals to rebuild), and
 * each caller still gets objects of its own wherever it could change one.
 *
 * <p>Deeply immutable parts (as {@link ImmutableValues} judges them) are shared; {@code ArrayList}s
 * and application objects are re-created, their fields copied. Objects are made as the codec
 * makes them when it decodes (its instantiator strategy: the no-argument constructor if there is
 * one, else none run), so a copy is what a decode of the same bytes would have returned. A plan
 * is made only for a tree of such nodes: a mutable node reached twice (shared or cyclic) would
 * lose its identity in a copy, and any other class (other JDK collections, arrays, records,
 * hidden classes) is left to the decode, so for those nothing changes.
 */
abstract class CopyPlan {

    private static final int MAX_DEPTH = 32;
    private static final int MAX_NODES = 10_000;
    private static final InstantiatorStrategy INSTANTIATORS = new DefaultInstantiatorStrategy(SerializationInstantiators.strategy());

    /** A node handed out as it is. */
    static final CopyPlan SHARE = new CopyPlan() {
        @Override
        Object copy(Object src) {
            return src;
        }
    };

    /** Copies one node of the master. */
    abstract Object copy(Object src);

    /** The plan for {@code master}, {@link #SHARE} when nothing in it can change, {@code null} when it must be decoded instead. */
    static CopyPlan of(Object master) {
        try {
            return plan(master, new IdentityHashMap<>(), 0);
        } catch (RuntimeException | LinkageError cannotCopy) {
            return null; // inaccessible fields, no way to instantiate: decode as before
        }
    }

    private static CopyPlan plan(Object v, IdentityHashMap<Object, Boolean> seen, int depth) {
        if (ImmutableValues.canShare(v)) {
            return SHARE;
        }
        if (depth > MAX_DEPTH || seen.size() >= MAX_NODES || seen.put(v, Boolean.TRUE) != null) {
            return null;
        }
        Class<?> c = v.getClass();
        if (c == ArrayList.class) {
            List<?> list = (List<?>) v;
            CopyPlan[] elements = new CopyPlan[list.size()];
            for (int i = 0; i < elements.length; i++) {
                if ((elements[i] = plan(list.get(i), seen, depth + 1)) == null) {
                    return null;
                }
            }
            return new ArrayListCopy(elements);
        }
        // Records fall to the superclass check below (java.lang.Record); hidden classes
        // (lambdas) have a '/' in their names and fields that cannot be set.
        String name = c.getName();
        if (c.isArray() || c.isSynthetic() || name.indexOf('/') >= 0 || name.startsWith("java.") || name.startsWith("javax.")
                || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return null;
        }
        List<FieldCopy> fields = new ArrayList<>();
        for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
            if (k.getName().startsWith("java.")) {
                return null; // state of a JDK superclass: not ours to copy field by field
            }
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                CopyPlan part = f.getType().isPrimitive() ? SHARE : plan(get(f, v), seen, depth + 1);
                if (part == null) {
                    return null;
                }
                fields.add(new FieldCopy(f, part));
            }
        }
        return new ObjectCopy(INSTANTIATORS.newInstantiatorOf(c), fields.toArray(new FieldCopy[0]));
    }

    private static Object get(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class ArrayListCopy extends CopyPlan {
        private final CopyPlan[] elements;

        ArrayListCopy(CopyPlan[] elements) {
            this.elements = elements;
        }

        @Override
        Object copy(Object src) {
            List<?> from = (List<?>) src;
            ArrayList<Object> out = new ArrayList<>(elements.length);
            for (int i = 0; i < elements.length; i++) {
                out.add(elements[i].copy(from.get(i)));
            }
            return out;
        }
    }

    private static final class ObjectCopy extends CopyPlan {
        private final ObjectInstantiator<?> instantiator;
        private final FieldCopy[] fields;

        ObjectCopy(ObjectInstantiator<?> instantiator, FieldCopy[] fields) {
            this.instantiator = instantiator;
            this.fields = fields;
        }

        @Override
        Object copy(Object src) {
            Object out = instantiator.newInstance();
            try {
                for (FieldCopy f : fields) {
                    f.copy(src, out);
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("a field made accessible when planned is no longer: " + e, e);
            }
            return out;
        }
    }

    /** One field: primitives by their own accessor (no boxing), references by their part's plan. */
    private static final class FieldCopy {
        private final Field field;
        private final Class<?> type;
        private final CopyPlan part;

        FieldCopy(Field field, CopyPlan part) {
            this.field = field;
            this.type = field.getType();
            this.part = part;
        }

        void copy(Object src, Object out) throws IllegalAccessException {
            if (!type.isPrimitive()) {
                field.set(out, part.copy(field.get(src)));
            } else if (type == long.class) {
                field.setLong(out, field.getLong(src));
            } else if (type == int.class) {
                field.setInt(out, field.getInt(src));
            } else if (type == double.class) {
                field.setDouble(out, field.getDouble(src));
            } else if (type == boolean.class) {
                field.setBoolean(out, field.getBoolean(src));
            } else if (type == float.class) {
                field.setFloat(out, field.getFloat(src));
            } else if (type == short.class) {
                field.setShort(out, field.getShort(src));
            } else if (type == char.class) {
                field.setChar(out, field.getChar(src));
            } else {
                field.setByte(out, field.getByte(src));
            }
        }
    }
}
