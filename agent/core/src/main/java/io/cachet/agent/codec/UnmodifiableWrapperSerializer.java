package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Serializes the JDK's collection views ({@code Collections.unmodifiableList(..)},
 * {@code Arrays.asList(..)}, ...) as their contents and rebuilds the same kind of view on read.
 * Kryo's field serializer cannot handle them on Java 17+: their fields live in
 * {@code java.base}, which is not open to reflection, and opening it would need a JVM flag the
 * user did not ask for.
 */
final class UnmodifiableWrapperSerializer<T> extends Serializer<T> {

    private final Function<Object, T> rebuild;
    private final Function<T, Object> contents;

    private UnmodifiableWrapperSerializer(Function<T, Object> contents, Function<Object, T> rebuild) {
        super(false, true);
        this.contents = contents;
        this.rebuild = rebuild;
    }

    /**
     * Kryo applies a default serializer to subclasses too, so the sorted views (subclasses of
     * the plain ones) are registered first; their contents travel as a {@code TreeSet} or
     * {@code TreeMap}, comparator included.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void register(Kryo kryo) {
        kryo.addDefaultSerializer(Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(),
                new UnmodifiableWrapperSerializer<NavigableSet>(TreeSet::new, c -> Collections.unmodifiableNavigableSet((NavigableSet) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
                new UnmodifiableWrapperSerializer<SortedSet>(TreeSet::new, c -> Collections.unmodifiableSortedSet((SortedSet) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(),
                new UnmodifiableWrapperSerializer<NavigableMap>(TreeMap::new, c -> Collections.unmodifiableNavigableMap((NavigableMap) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
                new UnmodifiableWrapperSerializer<SortedMap>(TreeMap::new, c -> Collections.unmodifiableSortedMap((SortedMap) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new ArrayList<>()).getClass(),
                new UnmodifiableWrapperSerializer<List>(ArrayList::new, c -> Collections.unmodifiableList((List) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableList(new LinkedList<>()).getClass(),
                new UnmodifiableWrapperSerializer<List>(LinkedList::new, c -> Collections.unmodifiableList((List) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableSet(new LinkedHashSet<>()).getClass(),
                new UnmodifiableWrapperSerializer<Set>(LinkedHashSet::new, c -> Collections.unmodifiableSet((Set) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
                new UnmodifiableWrapperSerializer<Collection>(ArrayList::new, c -> Collections.unmodifiableCollection((Collection) c)));
        kryo.addDefaultSerializer(Collections.unmodifiableMap(new LinkedHashMap<>()).getClass(),
                new UnmodifiableWrapperSerializer<Map>(LinkedHashMap::new, c -> Collections.unmodifiableMap((Map) c)));
        kryo.addDefaultSerializer(Arrays.asList().getClass(),
                new UnmodifiableWrapperSerializer<List>(List::toArray, c -> Arrays.asList((Object[]) c)));
    }

    @Override
    public void write(Kryo kryo, Output output, T object) {
        kryo.writeClassAndObject(output, contents.apply(object));
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        return rebuild.apply(kryo.readClassAndObject(input));
    }
}
