package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.ArraysAsListSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Kryo's serializers of collections, maps and object arrays, with the size each reads checked
 * against the bytes present ({@link BoundedInput#claim}) before it sizes anything by it: Kryo's
 * {@code new ArrayList(size)}, {@code new PriorityQueue(size)} and {@code new Object[size]} would
 * otherwise allocate whatever forged bytes claim. Every element takes at least a byte, so a true
 * size always fits.
 */
final class BoundedSizes {

    private BoundedSizes() {
    }

    /** {@code serializer}, bounded when it is one of those that size an allocation by a length it reads. */
    static Serializer<?> bounded(Serializer<?> serializer) {
        Class<?> c = serializer.getClass();
        if (c == CollectionSerializer.class) {
            return new Collections();
        } else if (c == MapSerializer.class) {
            return new Maps();
        } else if (c == ArraysAsListSerializer.class) {
            return new ArraysAsList();
        } else if (c == PriorityQueueSerializer.class) {
            return new PriorityQueues();
        } else if (c.getName().endsWith("ImmutableCollectionsSerializers$JdkImmutableListSerializer")) {
            return new ImmutableLists();
        } else if (c == ObjectArraySerializer.class || c == StringArraySerializer.class) {
            return new LengthFirst<>(serializer);
        }
        return serializer;
    }

    @SuppressWarnings("rawtypes")
    private static final class Collections extends CollectionSerializer<Collection> {
        @Override
        protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
            BoundedInput.claim(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class Maps extends MapSerializer<Map> {
        @Override
        protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
            BoundedInput.claim(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    private static final class ArraysAsList extends ArraysAsListSerializer {
        @Override
        protected List create(Kryo kryo, Input input, Class type, int size) {
            BoundedInput.claim(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    private static final class PriorityQueues extends PriorityQueueSerializer {
        @Override
        protected PriorityQueue create(Kryo kryo, Input input, Class<? extends PriorityQueue> type, int size) {
            BoundedInput.claim(input, size);
            return super.create(kryo, input, type, size);
        }
    }

    /** {@code List.of(...)}, as Kryo's own serializer of it writes and reads it, the size checked. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ImmutableLists extends CollectionSerializer<List> {
        ImmutableLists() {
            setElementsCanBeNull(false);
        }

        @Override
        protected List create(Kryo kryo, Input input, Class<? extends List> type, int size) {
            BoundedInput.claim(input, size);
            return new ArrayList(size);
        }

        @Override
        public List read(Kryo kryo, Input input, Class<? extends List> type) {
            return List.of(super.read(kryo, input, type).toArray());
        }

        @Override
        protected List createCopy(Kryo kryo, List original) {
            return new ArrayList(original.size());
        }

        @Override
        public List copy(Kryo kryo, List original) {
            return List.copyOf(super.copy(kryo, original));
        }
    }

    /** A serializer whose bytes start with the length it sizes its array by, plus one (0 is null). */
    private static final class LengthFirst<T> extends Serializer<T> {
        private final Serializer<T> serializer;

        @SuppressWarnings("unchecked")
        LengthFirst(Serializer<?> serializer) {
            super(serializer.getAcceptsNull(), serializer.isImmutable());
            this.serializer = (Serializer<T>) serializer;
        }

        @Override
        public void write(Kryo kryo, Output output, T object) {
            serializer.write(kryo, output, object);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            int start = input.position();
            BoundedInput.claim(input, input.readVarInt(true) - 1L);
            input.setPosition(start);
            return serializer.read(kryo, input, type);
        }

        @Override
        public T copy(Kryo kryo, T original) {
            return serializer.copy(kryo, original);
        }
    }
}
