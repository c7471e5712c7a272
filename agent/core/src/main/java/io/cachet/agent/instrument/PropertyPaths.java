package io.cachet.agent.instrument;

import io.cachet.agent.key.PropertyReader;
import java.util.List;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Checks at instrumentation time that a template's property path ({@code {0.owner.id}}) exists on
 * the declared parameter type, in the runtime reader's lookup order
 * ({@link PropertyReader#accessorNames}, then a field). Types that cannot be judged from their declaration (Object, interfaces,
 * abstract classes, types the pool cannot resolve) are accepted and checked at call time.
 */
final class PropertyPaths {

    private PropertyPaths() {
    }

    /**
     * Checks the path and tells what it leads to.
     *
     * @return the class name the path's value is declared as (a primitive as its wrapper), for
     *     {@link io.cachet.agent.key.KeyTemplate#declaring}; {@code java.lang.Object} when the type
     *     cannot be judged from its declaration
     * @throws IllegalArgumentException naming the missing property and the type
     */
    static String check(TypeDefinition declared, List<String> path) {
        TypeDefinition current = declared;
        for (String property : path) {
            TypeDescription type;
            try {
                type = current.asErasure();
                if (type.isPrimitive()) {
                    throw new IllegalArgumentException("'" + property + "' is read from a " + type.getName());
                }
                if (type.represents(Object.class) || type.isInterface() || type.isAbstract() || type.isArray()) {
                    return UNKNOWN;
                }
                current = find(type, property);
            } catch (IllegalStateException unresolvable) {
                return UNKNOWN;
            }
            if (current == null) {
                throw new IllegalArgumentException("unknown property '" + property + "' on " + type.getName()
                        + " (no getter, accessor or field of that name)");
            }
        }
        try {
            TypeDescription type = current.asErasure();
            return type.isPrimitive() ? type.asBoxed().getName() : type.getName();
        } catch (IllegalStateException unresolvable) {
            return UNKNOWN;
        }
    }

    private static final String UNKNOWN = Object.class.getName();

    private static TypeDefinition find(TypeDescription type, String property) {
        List<String> accessors = PropertyReader.accessorNames(property);
        for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
            for (MethodDescription m : t.getDeclaredMethods()) {
                if (m.getParameters().isEmpty() && !m.isStatic() && !m.getReturnType().represents(void.class)
                        && accessors.contains(m.getName())) {
                    return m.getReturnType();
                }
            }
            for (FieldDescription f : t.getDeclaredFields()) {
                if (!f.isStatic() && f.getName().equals(property)) {
                    return f.getType();
                }
            }
        }
        return null;
    }
}
