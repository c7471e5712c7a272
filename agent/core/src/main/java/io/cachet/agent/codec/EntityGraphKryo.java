package io.cachet.agent.codec;

import com.esotericsoftware.kryo.ClassResolver;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.ReferenceResolver;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kryo that writes Hibernate's stand-ins as what they stand for ({@link HibernateTypes}): an
 * initialised proxy as its entity, an initialised persistent collection as a plain collection of
 * the same kind ({@code ArrayList} for a bag or list, {@code LinkedHashSet} or {@code TreeSet},
 * {@code LinkedHashMap} or {@code TreeMap}, keeping iteration order and comparator). A hit so
 * decodes to a detached entity that works without a session and that {@code merge()} accepts
 * (ids and {@code @Version} are plain fields). An uninitialised one is never written: encoding
 * fails with {@link UninitialisedAssociation}.
 *
 * <p>Kryo writes a value whose class it does not know in advance in one of two ways: through
 * {@link #writeClassAndObject} (the result itself, collection elements, {@code Optional}), where
 * the value is swapped for its stand-in before anything is written; or, from a field serializer,
 * as {@link #writeClass} of the value's class followed by {@code writeObject} with that class's
 * serializer. There the class written is the stand-in's (the entity a proxy class extends, the
 * plain collection kind), and the value handed to the serializer is swapped to match. The
 * application's objects are never modified: a managed entity keeps its proxies and persistent
 * collections.
 */
final class EntityGraphKryo extends Kryo {

    /** Substitutes made during one encode, so that a shared collection stays shared. */
    private final Map<Object, Object> substitutes = new IdentityHashMap<>();

    EntityGraphKryo(ClassResolver classResolver, ReferenceResolver referenceResolver) {
        super(classResolver, referenceResolver);
    }

    /** Kryo's choice of serializer, with the sizes it reads bounded by the bytes present ({@link BoundedSizes}). */
    @Override
    public Serializer getDefaultSerializer(Class type) {
        return BoundedSizes.bounded(super.getDefaultSerializer(type));
    }

    @Override
    public void writeClassAndObject(Output output, Object object) {
        super.writeClassAndObject(output, standIn(object));
    }

    @Override
    public Registration writeClass(Output output, Class type) {
        return super.writeClass(output, type == null ? null : standInClass(type));
    }

    @Override
    public void writeObject(Output output, Object object) {
        super.writeObject(output, standIn(object));
    }

    @Override
    public void writeObject(Output output, Object object, Serializer serializer) {
        super.writeObject(output, standInOfWrittenClass(object), serializer);
    }

    @Override
    public void writeObjectOrNull(Output output, Object object, Class type) {
        super.writeObjectOrNull(output, standIn(object), type);
    }

    @Override
    public void writeObjectOrNull(Output output, Object object, Serializer serializer) {
        super.writeObjectOrNull(output, standInOfWrittenClass(object), serializer);
    }

    @Override
    public void reset() {
        super.reset();
        substitutes.clear();
    }

    /** The class a stand-in of {@code type} is written as: the same rule as {@link #plainCopy} and {@link #entityOf}. */
    private static Class<?> standInClass(Class<?> type) {
        HibernateTypes.Kind kind = HibernateTypes.of(type);
        if (kind == HibernateTypes.Kind.PLAIN) {
            return type;
        }
        if (kind.proxy()) {
            return type.getSuperclass();
        }
        if (SortedMap.class.isAssignableFrom(type)) {
            return TreeMap.class;
        }
        if (Map.class.isAssignableFrom(type)) {
            return LinkedHashMap.class;
        }
        if (SortedSet.class.isAssignableFrom(type)) {
            return TreeSet.class;
        }
        if (Set.class.isAssignableFrom(type)) {
            return LinkedHashSet.class;
        }
        return ArrayList.class;
    }

    /**
     * The stand-in for a value whose class was written before ({@link #writeClass}): a proxy's
     * entity must then be of exactly the class the proxy extends. A proxy of a base entity
     * standing for a subclass instance cannot be written so; it fails instead of losing the
     * subclass's fields.
     */
    private Object standInOfWrittenClass(Object object) {
        Object standIn = standIn(object);
        if (standIn != object && standIn != null && HibernateTypes.of(object.getClass()).proxy()
                && standIn.getClass() != object.getClass().getSuperclass()) {
            throw new UninitialisedAssociation("proxy of " + object.getClass().getSuperclass().getName() + " standing for a "
                    + standIn.getClass().getName() + ", which a field of the base type cannot carry");
        }
        return standIn;
    }

    private Object standIn(Object object) {
        if (object == null) {
            return null;
        }
        HibernateTypes.Kind kind = HibernateTypes.of(object.getClass());
        if (kind == HibernateTypes.Kind.PLAIN) {
            return object;
        }
        Object known = substitutes.get(object);
        if (known != null) {
            return known;
        }
        Object substitute = kind.proxy() ? entityOf(object, kind) : plainCopy(object, kind);
        substitutes.put(object, substitute);
        return substitute;
    }

    private Object entityOf(Object proxy, HibernateTypes.Kind kind) {
        Object initializer = invoke(kind.lazyInitializer, proxy);
        if (Boolean.TRUE.equals(invoke(kind.isUninitialized, initializer))) {
            String entity = proxy.getClass().getSuperclass().getName();
            throw new UninitialisedAssociation("proxy of " + entity);
        }
        return standIn(invoke(kind.implementation, initializer));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object plainCopy(Object collection, HibernateTypes.Kind kind) {
        if (!Boolean.TRUE.equals(invoke(kind.wasInitialized, collection))) {
            throw new UninitialisedAssociation(collection.getClass().getSimpleName());
        }
        Class<?> plain = standInClass(collection.getClass());
        if (plain == TreeMap.class) {
            TreeMap copy = new TreeMap(((SortedMap) collection).comparator());
            copy.putAll((Map) collection);
            return copy;
        }
        if (plain == LinkedHashMap.class) {
            return new LinkedHashMap((Map) collection);
        }
        if (plain == TreeSet.class) {
            TreeSet copy = new TreeSet(((SortedSet) collection).comparator());
            copy.addAll((Collection) collection);
            return copy;
        }
        if (plain == LinkedHashSet.class) {
            return new LinkedHashSet((Set) collection);
        }
        if (collection instanceof Collection) {
            return new ArrayList((Collection) collection);
        }
        // PersistentArrayHolder: an array mapping, rare; refused rather than guessed at.
        throw new UninitialisedAssociation(collection.getClass().getSimpleName() + " (an array mapping, not supported)");
    }

    private static Object invoke(java.lang.reflect.Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
