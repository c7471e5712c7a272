package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import io.cachet.agent.key.Versions;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.UUID;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Encodes and decodes the results of one cached method, in an {@link Entry}'s envelope.
 * Decoding never throws: bytes that are not ours, of another format version, of another shape,
 * recorded under versions that have moved on since (an eviction), or naming a class outside
 * the allow-list are a miss.
 *
 * <p>Kryo runs on the caller's thread with the method's own class loader (behind the
 * allow-list), from a small pool, so concurrent callers neither contend nor allocate a Kryo.
 */
public final class MethodCodec {

    /** What {@link #decode} returns for bytes that are not a usable entry. */
    public static final Object MISS = new Object();

    private static final LZ4Factory LZ4 = LZ4Factory.safeInstance();
    private final long fingerprint;
    private final Class<?> expectedType;
    private final int compressAbove;
    private final FreeList<Session> sessions;

    private MethodCodec(long fingerprint, Class<?> expectedType, int compressAbove, FreeList<Session> sessions) {
        this.fingerprint = fingerprint;
        this.expectedType = expectedType;
        this.compressAbove = compressAbove;
        this.sessions = sessions;
    }

    /**
     * @param valueType the declared type of the values (a future's type argument for async methods)
     * @param expectedType what a decoded value must be an instance of
     * @param allowedPackages package prefixes allowed besides the value type's own classes
     */
    public static MethodCodec create(ClassLoader loader, Type valueType, Class<?> expectedType,
                                     List<String> allowedPackages, int compressAbove) {
        TypeStructure structure = TypeStructure.of(valueType);
        AllowList allowList = new AllowList(List.copyOf(allowedPackages), structure.classNames());
        ClassLoader guarded = new AllowListClassLoader(loader, allowList);
        FreeList<Session> pool = new FreeList<>(16, () -> new Session(newKryo(guarded, allowList)));
        return new MethodCodec(structure.fingerprint(), expectedType, compressAbove, pool);
    }

    /** Whether {@code value} is of the method's type, so that it decodes as a hit when stored. */
    public boolean accepts(Object value) {
        return value == null ? !expectedType.isPrimitive() : wrap(expectedType).isInstance(value);
    }

    /** The packages allowed by default for methods declared in {@code type}: its package root. */
    public static List<String> applicationPackages(Class<?> type, List<String> configured) {
        List<String> out = new ArrayList<>();
        for (String p : configured) {
            out.add(p.endsWith(".") ? p : p + ".");
        }
        String name = type.getName();
        int first = name.indexOf('.');
        int second = first < 0 ? -1 : name.indexOf('.', first + 1);
        int cut = second > 0 ? second : (first > 0 ? first : -1);
        if (cut > 0) {
            out.add(name.substring(0, cut + 1));
        }
        return out;
    }

    private static Kryo newKryo(ClassLoader guarded, AllowList allowList) {
        Kryo kryo = new Kryo(new AllowListClassResolver(allowList), new MapReferenceResolver());
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setClassLoader(guarded);
        // Results are often immutable objects without a no-arg constructor; Objenesis builds
        // them the way Java deserialization does, without running a constructor.
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        // Allow-listed JDK types whose fields java.base does not open to reflection on Java 17+,
        // and for which Kryo has serializers it does not register by default.
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(EnumMap.class, new EnumMapSerializer());
        UnmodifiableWrapperSerializer.register(kryo);
        return kryo;
    }

    /**
     * @throws CodecException when the value cannot be serialized (the method is then cached no more)
     */
    public byte[] encode(Object value, long loadTimeMillis, long computeNanos, Versions versions) {
        Session s = sessions.obtain();
        try {
            Output out = s.output;
            out.reset();
            int payloadStart = Entry.payloadStart(versions.size());
            out.setPosition(payloadStart);
            if (value != null) {
                s.kryo.writeClassAndObject(out, value);
            }
            byte[] buffer = out.getBuffer();
            // Written by hand, big-endian, so that it does not depend on the byte order Kryo's Output happens to use.
            Entry.writeHeader(buffer, value == null ? Entry.FLAG_NULL : 0, fingerprint, loadTimeMillis, computeNanos, versions);
            int payload = out.position() - payloadStart;
            if (payload > compressAbove) {
                byte[] compressed = compress(buffer, payloadStart, payload);
                if (compressed != null) {
                    return compressed;
                }
            }
            return out.toBytes();
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException(describe(e), e);
        } finally {
            s.kryo.reset();
            sessions.free(s);
        }
    }

    private static byte[] compress(byte[] buffer, int payloadStart, int payload) {
        LZ4Compressor c = LZ4.fastCompressor();
        byte[] out = new byte[payloadStart + 4 + c.maxCompressedLength(payload)];
        System.arraycopy(buffer, 0, out, 0, payloadStart);
        Entry.markCompressed(out);
        Entry.writeInt(out, payloadStart, payload);
        int n = c.compress(buffer, payloadStart, payload, out, payloadStart + 4);
        if (4 + n >= payload) {
            return null;
        }
        byte[] exact = new byte[payloadStart + 4 + n];
        System.arraycopy(out, 0, exact, 0, exact.length);
        return exact;
    }

    /** {@link #decode(Entry, Versions)} of bytes as the store holds them. */
    public Object decode(byte[] bytes, Versions current) {
        return decode(Entry.parse(bytes), current);
    }

    /**
     * @param entry an entry, or {@code null} for bytes that were not one
     * @param current the current versions of the cache, the key and the tags, in the order
     *     they are recorded
     * @return the value (possibly {@code null}), or {@link #MISS}
     */
    public Object decode(Entry entry, Versions current) {
        if (entry == null || entry.fingerprint() != fingerprint || !entry.recordedUnder(current)) {
            return MISS;
        }
        if (entry.holdsNull()) {
            return expectedType.isPrimitive() ? MISS : null;
        }
        byte[] bytes = entry.bytes();
        int payloadStart = entry.payloadStart();
        Session s = sessions.obtain();
        try {
            Input in = s.input;
            if (entry.compressed()) {
                int length = entry.uncompressedLength();
                if (length < 0 || length > 64 << 20) {
                    return MISS;
                }
                LZ4SafeDecompressor d = LZ4.safeDecompressor();
                byte[] plain = new byte[length];
                d.decompress(bytes, payloadStart + 4, bytes.length - payloadStart - 4, plain, 0);
                in.setBuffer(plain);
            } else {
                in.setBuffer(bytes, payloadStart, bytes.length - payloadStart);
            }
            Object value = s.kryo.readClassAndObject(in);
            return value != null && wrap(expectedType).isInstance(value) ? value : MISS;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // Corrupt, foreign or refused bytes: a miss, as the contract says.
            return MISS;
        } finally {
            s.kryo.reset();
            s.input.setBuffer(EMPTY);
            sessions.free(s);
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private static Class<?> wrap(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) return Integer.class;
        if (c == long.class) return Long.class;
        if (c == boolean.class) return Boolean.class;
        if (c == double.class) return Double.class;
        if (c == float.class) return Float.class;
        if (c == short.class) return Short.class;
        if (c == byte.class) return Byte.class;
        return Character.class;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (m != null) {
            int nl = m.indexOf('\n');
            m = nl > 0 ? m.substring(0, nl) : m;
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** One pooled Kryo with its reusable buffers. */
    private static final class Session {
        final Kryo kryo;
        final Output output = new Output(1024, -1);
        final Input input = new Input();

        Session(Kryo kryo) {
            this.kryo = kryo;
        }
    }
}
