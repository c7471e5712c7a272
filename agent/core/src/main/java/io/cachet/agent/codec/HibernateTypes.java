package io.cachet.agent.codec;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Recognises Hibernate's stand-ins in a result graph, by the names of the interfaces they
 * implement: the agent has no Hibernate on its class path and never loads a Hibernate class the
 * application has not loaded itself (an object's class, and so its interfaces, are loaded
 * already). The same names serve Hibernate 5 ({@code javax.persistence}) and 6
 * ({@code jakarta.persistence}):
 * <ul>
 *   <li>{@code org.hibernate.proxy.HibernateProxy}: a lazy to-one or {@code getReferenceById}
 *       proxy, a generated subclass of the entity whose own fields are empty; the entity is its
 *       {@code LazyInitializer}'s implementation, once initialised.</li>
 *   <li>{@code org.hibernate.collection.spi.PersistentCollection}: {@code PersistentBag},
 *       {@code PersistentSet}, {@code PersistentList}, {@code PersistentMap} and their sorted and
 *       id-bag kinds, which hold the owning session and its snapshot, and are empty until
 *       {@code wasInitialized()}.</li>
 * </ul>
 * Each class is examined once ({@link ClassValue}, so nothing here keeps a class loader alive).
 */
final class HibernateTypes {

    static final String PROXY = "org.hibernate.proxy.HibernateProxy";
    static final String COLLECTION = "org.hibernate.collection.spi.PersistentCollection";

    /** What a class is to the codec, with the reflective handles it needs. */
    static final class Kind {
        static final Kind PLAIN = new Kind(null, null, null, null);

        /** {@code HibernateProxy.getHibernateLazyInitializer()}, for a proxy. */
        final Method lazyInitializer;
        /** {@code LazyInitializer.isUninitialized()} and {@code getImplementation()}, for a proxy. */
        final Method isUninitialized;
        final Method implementation;
        /** {@code PersistentCollection.wasInitialized()}, for a collection. */
        final Method wasInitialized;

        private Kind(Method lazyInitializer, Method isUninitialized, Method implementation, Method wasInitialized) {
            this.lazyInitializer = lazyInitializer;
            this.isUninitialized = isUninitialized;
            this.implementation = implementation;
            this.wasInitialized = wasInitialized;
        }

        boolean proxy() {
            return lazyInitializer != null;
        }

        boolean collection() {
            return wasInitialized != null;
        }
    }

    private static final ClassValue<Kind> KINDS = new ClassValue<>() {
        @Override
        protected Kind computeValue(Class<?> type) {
            return examine(type);
        }
    };

    private HibernateTypes() {
    }

    static Kind of(Class<?> type) {
        return KINDS.get(type);
    }

    private static Kind examine(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")) {
            return Kind.PLAIN;
        }
        try {
            Class<?> proxy = implemented(type, PROXY);
            if (proxy != null) {
                Method lazy = proxy.getMethod("getHibernateLazyInitializer");
                Class<?> initializer = lazy.getReturnType();
                return new Kind(lazy, initializer.getMethod("isUninitialized"), initializer.getMethod("getImplementation"), null);
            }
            Class<?> collection = implemented(type, COLLECTION);
            if (collection != null) {
                return new Kind(null, null, null, collection.getMethod("wasInitialized"));
            }
        } catch (NoSuchMethodException | RuntimeException | LinkageError unexpected) {
            // A Hibernate whose API we do not know: treated as any other class (the allow-list decides).
        }
        return Kind.PLAIN;
    }

    /** The interface of that name {@code type} implements, directly or through a supertype; or {@code null}. */
    private static Class<?> implemented(Class<?> type, String interfaceName) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            todo.add(c);
        }
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(interfaceName)) {
                    return i;
                }
                todo.add(i);
            }
        }
        return null;
    }
}
