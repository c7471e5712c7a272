package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodPattern;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Classes generated at run time to stand for an application type: JDK dynamic proxies
 * ({@code java.lang.reflect.Proxy}, which Spring Data, Spring AOP on interfaces, MyBatis and
 * plain {@code InvocationHandler}s use) and generated subclasses (CGLIB, Spring's repackaged
 * CGLIB, Byte Buddy, Javassist, Hibernate's proxies). They are implementations of the types they
 * stand for: a rule naming one matches their methods too (README, "Inheritance rule").
 *
 * <p>Their names are not stable ({@code jdk.proxy3.$Proxy171}, {@code Book$HibernateProxy$Xy1z}
 * differ between JVMs and runs), so their caches are named after the type they implement
 * ({@link #namedAfter}), which every JVM agrees on.
 */
final class GeneratedTypes {

    /** Markers the common generators put into the names of the subclasses they make. */
    private static final String[] SUBCLASS_MARKERS = {
        "$$SpringCGLIB$$", "$$EnhancerBySpringCGLIB$$", "$$EnhancerByCGLIB$$", "$$FastClassBySpringCGLIB$$",
        "$HibernateProxy$", "$ByteBuddy$", "_$$_jvst", "$$_javassist",
    };

    private GeneratedTypes() {
    }

    /**
     * Whether an internal name is that of a JDK proxy class in one of the JDK's own proxy packages
     * ({@code jdk/proxy<n>/} since JDK 16, {@code com/sun/proxy/} before): the only classes under
     * {@code jdk/} and {@code com/sun/} that may be instrumented. A proxy of a non-public interface
     * is defined in that interface's package and needs no exception.
     */
    static boolean isJdkProxyName(String internalName) {
        int slash = internalName.lastIndexOf('/');
        if (slash < 0 || !internalName.startsWith("$Proxy", slash + 1)) {
            return false;
        }
        if (internalName.startsWith("com/sun/proxy/")) {
            return slash == "com/sun/proxy".length();
        }
        if (!internalName.startsWith("jdk/proxy")) {
            return false;
        }
        for (int i = "jdk/proxy".length(); i < slash; i++) {
            if (!Character.isDigit(internalName.charAt(i))) {
                return false;
            }
        }
        return slash > "jdk/proxy".length();
    }

    static boolean isJdkProxy(TypeDescription type) {
        TypeDescription.Generic superClass = type.getSuperClass();
        return superClass != null && superClass.asErasure().getName().equals("java.lang.reflect.Proxy");
    }

    static boolean isGeneratedSubclass(String name) {
        for (String marker : SUBCLASS_MARKERS) {
            if (name.contains(marker)) {
                return true;
            }
        }
        return false;
    }

    /** Whether instances of {@code type} stand for another type: a JDK proxy or a generated subclass. */
    static boolean isGenerated(TypeDescription type) {
        return isJdkProxy(type) || isGeneratedSubclass(type.getName());
    }

    /**
     * The interfaces of a JDK proxy that a rule may name: not the JDK's, not Cachet's, not another
     * agent's (the same list as for instrumenting classes). A proxy with none of them, such as an
     * annotation instance or a JDK interface's proxy, is never instrumented.
     */
    static List<TypeDescription> applicationInterfaces(TypeDescription proxy) {
        List<TypeDescription> out = new ArrayList<>();
        for (TypeDescription.Generic i : proxy.getInterfaces()) {
            TypeDescription erasure = i.asErasure();
            if (!IgnoredTypes.isIgnored(erasure.getInternalName())) {
                out.add(erasure);
            }
        }
        return out;
    }

    /**
     * Whether {@code pattern} names {@code type} or a supertype of it, as the inheritance rule
     * says; for a JDK proxy only through its application interfaces, so that a proxy is matched
     * as an implementation of the interfaces it was made for and never for
     * {@code java.lang.reflect.Proxy} or a JDK interface.
     */
    static boolean matches(TypeDescription type, MethodPattern pattern) {
        if (!isJdkProxy(type)) {
            return Inheritance.OF_DESCRIPTIONS.isOrInherits(type, pattern);
        }
        return implementing(type, pattern) != null;
    }

    /**
     * The type a generated class's caches are named after: for a JDK proxy, the first of its
     * application interfaces (in the order the proxy was made with, which every JVM of one
     * application repeats) that {@code pattern} names or that inherits what it names; for a
     * generated subclass, the nearest superclass that is not generated (or, for a subclass of
     * {@code Object} made for interfaces, the first such interface). Any other type is its own.
     *
     * @param pattern the rule that matched, or {@code null} when an annotation did
     */
    static TypeDescription namedAfter(TypeDescription type, MethodPattern pattern) {
        if (isJdkProxy(type)) {
            TypeDescription found = pattern == null ? null : implementing(type, pattern);
            return found != null ? found : type;
        }
        TypeDescription current = type;
        for (int depth = 0; depth < 32 && isGeneratedSubclass(current.getName()); depth++) {
            TypeDescription.Generic parent = current.getSuperClass();
            if (parent == null) {
                return type;
            }
            TypeDescription next = parent.asErasure();
            if (next.represents(Object.class)) {
                for (TypeDescription.Generic i : current.getInterfaces()) {
                    if (pattern != null && Inheritance.OF_DESCRIPTIONS.isOrInherits(i, pattern)
                            && !IgnoredTypes.isIgnored(i.asErasure().getInternalName())) {
                        return i.asErasure();
                    }
                }
                return type;
            }
            current = next;
        }
        return current;
    }

    private static TypeDescription implementing(TypeDescription proxy, MethodPattern pattern) {
        for (TypeDescription i : applicationInterfaces(proxy)) {
            if (Inheritance.OF_DESCRIPTIONS.isOrInherits((TypeDefinition) i, pattern)) {
                return i;
            }
        }
        return null;
    }
}
