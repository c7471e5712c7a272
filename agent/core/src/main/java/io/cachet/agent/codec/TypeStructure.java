package io.cachet.agent.codec;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a cached method's return type: every application class it is built from and a
 * fingerprint of their fields. Entries record the fingerprint; after a deployment that changes
 * the shape (a field added, renamed or retyped), old entries no longer match and are misses
 * instead of half-decoded objects.
 *
 * <p>The walk follows declared field types and type arguments; it stops at JDK classes (their
 * shape is the JDK's business) and is bounded, so a huge model costs a bounded one-off walk.
 */
final class TypeStructure {

    private static final int MAX_CLASSES = 512;

    private final long fingerprint;
    private final Set<String> classNames;

    private TypeStructure(long fingerprint, Set<String> classNames) {
        this.fingerprint = fingerprint;
        this.classNames = classNames;
    }

    static TypeStructure of(Type root) {
        Walker w = new Walker();
        w.visit(root);
        return new TypeStructure(w.fingerprint(), w.visited);
    }

    long fingerprint() {
        return fingerprint;
    }

    /** Names of the application classes the type is built from. */
    Set<String> classNames() {
        return classNames;
    }

    private static final class Walker {
        final Set<String> visited = new LinkedHashSet<>();
        final StringBuilder shape = new StringBuilder();

        void visit(Type type) {
            if (type instanceof Class) {
                visitClass((Class<?>) type);
            } else if (type instanceof ParameterizedType) {
                ParameterizedType p = (ParameterizedType) type;
                visit(p.getRawType());
                shape.append('<');
                for (Type arg : p.getActualTypeArguments()) {
                    visit(arg);
                    shape.append(',');
                }
                shape.append('>');
            } else if (type instanceof GenericArrayType) {
                visit(((GenericArrayType) type).getGenericComponentType());
                shape.append("[]");
            } else if (type instanceof WildcardType) {
                for (Type bound : ((WildcardType) type).getUpperBounds()) {
                    visit(bound);
                }
            } else if (type instanceof TypeVariable) {
                for (Type bound : ((TypeVariable<?>) type).getBounds()) {
                    visit(bound);
                }
            }
        }

        private void visitClass(Class<?> c) {
            if (c.isArray()) {
                visit(c.getComponentType());
                shape.append("[]");
                return;
            }
            shape.append(c.getName());
            if (c.isPrimitive() || isJdk(c) || visited.size() >= MAX_CLASSES || !visited.add(c.getName())) {
                return;
            }
            shape.append('{');
            if (c.isEnum()) {
                for (Object constant : c.getEnumConstants()) {
                    shape.append(((Enum<?>) constant).name()).append(';');
                }
            } else {
                List<Field> fields = new ArrayList<>();
                for (Class<?> k = c; k != null && k != Object.class && !isJdk(k); k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        int mod = f.getModifiers();
                        if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod)) {
                            fields.add(f);
                        }
                    }
                }
                fields.sort(Comparator.comparing(Field::getName).thenComparing(f -> f.getDeclaringClass().getName()));
                for (Field f : fields) {
                    shape.append(f.getName()).append(':');
                    visit(f.getGenericType());
                    shape.append(';');
                }
            }
            shape.append('}');
        }

        long fingerprint() {
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | (h[i] & 0xff);
                }
                return v;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }

    static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }
}
