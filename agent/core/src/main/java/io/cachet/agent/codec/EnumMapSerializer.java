package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes an {@link EnumMap} as its key type and entries. Kryo's own serializer needs the key type
 * up front, and the map's {@code keyType} field is closed to reflection on Java 17+, so the key
 * type is taken from the first key; an empty map therefore cannot be written (its method is then
 * reported and runs uncached, rather than caching something that reads back wrong).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumMapSerializer extends Serializer<EnumMap> {

    EnumMapSerializer() {
        super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, EnumMap map) {
        if (map.isEmpty()) {
            throw new KryoException("an empty EnumMap does not reveal its key type");
        }
        Class<? extends Enum> keyType = ((Enum) map.keySet().iterator().next()).getDeclaringClass();
        kryo.writeClass(output, keyType);
        output.writeVarInt(map.size(), true);
        for (Map.Entry<Enum, Object> e : ((Map<Enum, Object>) map).entrySet()) {
            output.writeVarInt(e.getKey().ordinal(), true);
            kryo.writeClassAndObject(output, e.getValue());
        }
    }

    @Override
    public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> type) {
        Class<? extends Enum> keyType = kryo.readClass(input).getType();
        Enum[] constants = keyType.getEnumConstants();
        EnumMap map = new EnumMap(keyType);
        kryo.reference(map);
        int size = input.readVarInt(true);
        for (int i = 0; i < size; i++) {
            map.put(constants[input.readVarInt(true)], kryo.readClassAndObject(input));
        }
        return map;
    }
}
