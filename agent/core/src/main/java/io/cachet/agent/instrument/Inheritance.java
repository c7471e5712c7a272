package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodPattern;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDefinition;

/**
 * The inheritance rule, once, for types described from class files (when a class loads) and for
 * loaded classes (on attach): a pattern naming a class or interface also matches its subclasses
 * and implementations. A supertype that cannot be resolved is passed over.
 *
 * @param <T> how a type is represented
 */
abstract class Inheritance<T> {

    /** Deep enough for any real hierarchy, and a bound on a malformed (cyclic) one. */
    private static final int MAX_DEPTH = 32;

    static final Inheritance<TypeDefinition> OF_DESCRIPTIONS = new Inheritance<>() {
        @Override
        String name(TypeDefinition type) {
            return type.asErasure().getName();
        }

        @Override
        List<TypeDefinition> supertypes(TypeDefinition type) {
            List<TypeDefinition> out = new ArrayList<>(type.getInterfaces());
            if (type.getSuperClass() != null) {
                out.add(type.getSuperClass());
            }
            return out;
        }
    };

    static final Inheritance<Class<?>> OF_CLASSES = new Inheritance<>() {
        @Override
        String name(Class<?> type) {
            return type.getName();
        }

        @Override
        List<Class<?>> supertypes(Class<?> type) {
            List<Class<?>> out = new ArrayList<>(List.of(type.getInterfaces()));
            if (type.getSuperclass() != null) {
                out.add(type.getSuperclass());
            }
            return out;
        }
    };

    abstract String name(T type);

    /** Interfaces and the superclass. */
    abstract List<T> supertypes(T type);

    /** Whether {@code type}, or a supertype of it, is one {@code pattern} names. */
    final boolean isOrInherits(T type, MethodPattern pattern) {
        return isOrInherits(type, pattern, 0);
    }

    private boolean isOrInherits(T type, MethodPattern pattern, int depth) {
        if (type == null || depth > MAX_DEPTH) {
            return false;
        }
        try {
            if (pattern.matchesType(name(type))) {
                return true;
            }
            for (T supertype : supertypes(type)) {
                if (isOrInherits(supertype, pattern, depth + 1)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | LinkageError unresolvable) {
            return false;
        }
    }
}
