package io.cachet.agent.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import com.esotericsoftware.kryo.util.Pool;
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
 * Encodes and decodes the results of one cached method.
 *
 * <p>Envelope (big-endian), format version 1:
 * <pre>
 *   0  magic 0xCA            1  format version
 *   2  flags: 1 = null value, 2 = LZ4-compressed payload
 *   3  fingerprint of the return type's structure (8 bytes)
 *  11  load time, epoch milliseconds (8 bytes)
 *  19  compute time, microseconds (4 bytes)
 *  23  n, then n versions (8 bytes each): of the cache, the key and each tag, as they were
 *      when the load started
 *   .  [if compressed: uncompressed payload length (4 bytes)] payload: Kryo class and object
 * </pre>
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

    static final byte MAGIC = (byte) 0xCA;
    static final byte FORMAT_VERSION = 1;
    static final int HEADER = 23;
    private static final int FLAG_NULL = 1;
    private static final int FLAG_LZ4 = 2;
    private static final LZ4Factory LZ4 = LZ4Factory.safeInstance();

    private final long fingerprint;
    private final Class<?> expectedType;
    private final int compressAbove;
    private final Pool<Session> sessions;

    private MethodCodec(long fingerprint, Class<?> expectedType, int compressAbove, Pool<Session> sessions) {
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
        Pool<Session> pool = new Pool<>(true, false, 16) {
            @Override
            protected Session create() {
                return new Session(newKryo(guarded, allowList));
            }
        };
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
    public byte[] encode(Object value, long loadTimeMillis, long computeNanos, long[] versions) {
        Session s = sessions.obtain();
        try {
            Output out = s.output;
            out.reset();
            // The header is written by hand, big-endian, so that it does not depend on the byte
            // order Kryo's Output happens to use.
            int payloadStart = HEADER + 1 + 8 * versions.length;
            out.setPosition(payloadStart);
            if (value != null) {
                s.kryo.writeClassAndObject(out, value);
            }
            byte[] buffer = out.getBuffer();
            buffer[0] = MAGIC;
            buffer[1] = FORMAT_VERSION;
            buffer[2] = (byte) (value == null ? FLAG_NULL : 0);
            writeLong(buffer, 3, fingerprint);
            writeLong(buffer, 11, loadTimeMillis);
            writeInt(buffer, 19, (int) Math.min(Integer.MAX_VALUE, computeNanos / 1000));
            buffer[HEADER] = (byte) versions.length;
            for (int i = 0; i < versions.length; i++) {
                writeLong(buffer, HEADER + 1 + 8 * i, versions[i]);
            }
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
        out[2] |= FLAG_LZ4;
        writeInt(out, payloadStart, payload);
        int n = c.compress(buffer, payloadStart, payload, out, payloadStart + 4);
        if (4 + n >= payload) {
            return null;
        }
        byte[] exact = new byte[payloadStart + 4 + n];
        System.arraycopy(out, 0, exact, 0, exact.length);
        return exact;
    }

    /**
     * @param versions the current versions of the cache, the key and the tags, in the order
     *     they were recorded
     * @return the value (possibly {@code null}), or {@link #MISS}
     */
    public Object decode(byte[] bytes, long[] versions) {
        if (bytes == null || bytes.length <= HEADER || bytes[0] != MAGIC || bytes[1] != FORMAT_VERSION
                || readLong(bytes, 3) != fingerprint || !sameVersions(bytes, versions)) {
            return MISS;
        }
        int payloadStart = HEADER + 1 + 8 * versions.length;
        int flags = bytes[2];
        if ((flags & FLAG_NULL) != 0) {
            return expectedType.isPrimitive() ? MISS : null;
        }
        Session s = sessions.obtain();
        try {
            Input in = s.input;
            if ((flags & FLAG_LZ4) != 0) {
                int length = readInt(bytes, payloadStart);
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

    /** When the entry was loaded, epoch milliseconds; only for bytes {@link #decode} accepted. */
    public static long loadTimeMillis(byte[] bytes) {
        return readLong(bytes, 11);
    }

    /** How long the entry's load took, microseconds; only for bytes {@link #decode} accepted. */
    public static long computeMicros(byte[] bytes) {
        return readInt(bytes, 19) & 0xffffffffL;
    }

    /**
     * Whether {@code bytes} are a well-formed entry of ours recorded under other versions than
     * {@code versions}: loaded before an eviction, so stale rather than corrupt (for statistics).
     */
    public static boolean recordedUnderOtherVersions(byte[] bytes, long[] versions) {
        return bytes != null && bytes.length > HEADER + 8 * versions.length && bytes[0] == MAGIC
                && bytes[1] == FORMAT_VERSION && bytes[HEADER] == versions.length && !sameVersions(bytes, versions);
    }

    /** An entry recorded under other versions was loaded before an eviction: it is stale. */
    private static boolean sameVersions(byte[] bytes, long[] versions) {
        if (bytes[HEADER] != versions.length || bytes.length < HEADER + 1 + 8 * versions.length) {
            return false;
        }
        for (int i = 0; i < versions.length; i++) {
            if (readLong(bytes, HEADER + 1 + 8 * i) != versions[i]) {
                return false;
            }
        }
        return true;
    }

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

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static void writeLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
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
