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
    /** How this codec was made, to try another allow-list before advising it ({@link CodecAdvice}). */
    private final ClassLoader loader;
    private final Type valueType;
    private final List<String> allowedPackages;

    private MethodCodec(long fingerprint, Class<?> expectedType, int compressAbove, FreeList<Session> sessions,
                        ClassLoader loader, Type valueType, List<String> allowedPackages) {
        this.fingerprint = fingerprint;
        this.expectedType = expectedType;
        this.compressAbove = compressAbove;
        this.sessions = sessions;
        this.loader = loader;
        this.valueType = valueType;
        this.allowedPackages = allowedPackages;
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
        FreeList<Session> pool = new FreeList<>(16, () -> {
            AllowListClassResolver resolver = new AllowListClassResolver(allowList);
            return new Session(newKryo(guarded, resolver), resolver);
        });
        return new MethodCodec(structure.fingerprint(), expectedType, compressAbove, pool, loader, valueType,
                List.copyOf(allowedPackages));
    }

    /** Whether {@code value} is of the method's type, so that it decodes as a hit when stored. */
    public boolean accepts(Object value) {
        return value == null ? !expectedType.isPrimitive() : wrap(expectedType).isInstance(value);
    }

    /** The packages allowed by default for methods declared in {@code type}: its package root. */
    public static List<String> applicationPackages(Class<?> type, List<String> configured) {
        return applicationPackages(type.getName(), configured);
    }

    /** {@link #applicationPackages(Class, List)} by the type's name. */
    public static List<String> applicationPackages(String name, List<String> configured) {
        List<String> out = new ArrayList<>();
        for (String p : configured) {
            out.add(p.endsWith(".") ? p : p + ".");
        }
        int first = name.indexOf('.');
        int second = first < 0 ? -1 : name.indexOf('.', first + 1);
        int cut = second > 0 ? second : (first > 0 ? first : -1);
        if (cut > 0) {
            out.add(name.substring(0, cut + 1));
        }
        return out;
    }

    private static Kryo newKryo(ClassLoader guarded, AllowListClassResolver resolver) {
        Kryo kryo = new EntityGraphKryo(resolver, new MapReferenceResolver());
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setClassLoader(guarded);
        // Results are often immutable objects without a no-arg constructor; Objenesis builds
        // them the way Java deserialization does, without running a constructor.
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(SerializationInstantiators.strategy()));
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
     * Encodes {@code value}; the first time a pooled Kryo writes a class it has not written
     * before, the bytes are decoded again here, so that entries which would encode but never
     * decode are refused now instead of being written and missed on every read.
     *
     * @throws CodecException when the value cannot be stored, saying why and what would help
     *     ({@link CodecAdvice}); the method is then cached no more, or for an uninitialised lazy
     *     association ({@link CodecException#perCall}) this call is not
     */
    public byte[] encode(Object value, String entryKey, long loadTimeMillis, long computeNanos, Versions versions) {
        Session s = sessions.obtain();
        byte[] bytes;
        boolean verify;
        try {
            bytes = write(s, value, entryKey, loadTimeMillis, computeNanos, versions);
            verify = s.resolver.takeNewClasses();
        } catch (RuntimeException | StackOverflowError e) {
            throw CodecAdvice.ofEncode(e, value, this);
        } finally {
            s.kryo.reset();
            free(s);
        }
        if (verify) {
            Object decoded = decodeOrFailure(Entry.parseKept(bytes), versions);
            if (decoded instanceof Failure) {
                throw CodecAdvice.ofVerify(((Failure) decoded).cause, ((Failure) decoded).reason);
            }
        }
        return bytes;
    }

    private byte[] write(Session s, Object value, String entryKey, long loadTimeMillis, long computeNanos, Versions versions) {
        Output out = s.output;
        out.reset();
        int payloadStart = Entry.payloadStart(versions.size());
        out.setPosition(payloadStart);
        if (value != null) {
            s.kryo.writeClassAndObject(out, value);
        }
        byte[] buffer = out.getBuffer();
        // Written by hand, big-endian, so that it does not depend on the byte order Kryo's Output happens to use.
        Entry.writeHeader(buffer, value == null ? Entry.FLAG_NULL : 0, fingerprint, loadTimeMillis, computeNanos, entryKey, versions);
        int payload = out.position() - payloadStart;
        if (payload > compressAbove) {
            byte[] compressed = compress(buffer, payloadStart, payload);
            if (compressed != null) {
                return Entry.seal(compressed);
            }
        }
        return Entry.seal(out.toBytes());
    }

    /**
     * Whether {@code value} would round-trip if {@code extraPackages} were allowed too.
     *
     * @return {@code null} if it would; else the exception or the reason it would not
     */
    Object trialWith(List<String> extraPackages, Object value) {
        List<String> packages = new ArrayList<>(allowedPackages);
        for (String p : extraPackages) {
            packages.add(p + ".");
        }
        MethodCodec trial = create(loader, valueType, expectedType, packages, compressAbove);
        Versions none = Versions.of(new long[0]);
        Session s = trial.sessions.obtain();
        byte[] bytes;
        try {
            bytes = trial.write(s, value, "", 0, 0, none);
        } catch (RuntimeException | StackOverflowError e) {
            return e;
        } finally {
            s.kryo.reset();
            trial.sessions.free(s);
        }
        Object decoded = trial.decodeOrFailure(Entry.parseKept(bytes), none);
        return decoded instanceof Failure ? ((Failure) decoded).cause != null ? ((Failure) decoded).cause : ((Failure) decoded).reason : null;
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

    /** {@link #decode(Entry, Versions)} of bytes this JVM keeps, their key already checked ({@link Entry#parseKept}). */
    public Object decode(byte[] bytes, Versions current) {
        return decode(Entry.parseKept(bytes), current);
    }

    /**
     * @param entry an entry, or {@code null} for bytes that were not one
     * @param current the current versions of the cache, the key and the tags, in the order
     *     they are recorded
     * @return the value (possibly {@code null}), or {@link #MISS}
     */
    public Object decode(Entry entry, Versions current) {
        Object value = decodeOrFailure(entry, current);
        return value instanceof Failure ? MISS : value;
    }

    /**
     * Why an entry that is current (recorded under {@code current}) does not decode, with what
     * would help; {@code null} when it does. For the one log line a cache gets about it.
     */
    public String whyNot(Entry entry, Versions current) {
        Object value = decodeOrFailure(entry, current);
        if (!(value instanceof Failure)) {
            return null;
        }
        Failure f = (Failure) value;
        return f.cause == null ? f.reason : CodecAdvice.ofRead(f.cause, f.reason);
    }

    /** Why bytes did not decode: a reason, and the exception when there was one. */
    private static final class Failure {
        final String reason;
        final Throwable cause;

        Failure(String reason, Throwable cause) {
            this.reason = reason;
            this.cause = cause;
        }
    }

    private static final Failure NOT_AN_ENTRY = new Failure(Entry.NOT_AN_ENTRY, null);
    private static final Failure OTHER_SHAPE = new Failure("the entry was written for another shape of the return type "
            + "(another version of the application, as during a rolling deployment); it is a miss until rewritten", null);
    private static final Failure OTHER_VERSIONS = new Failure("the entry was recorded before an eviction", null);
    private static final Failure NULL_PRIMITIVE = new Failure("a null entry for a primitive return type", null);

    private Object decodeOrFailure(Entry entry, Versions current) {
        if (entry == null) {
            return NOT_AN_ENTRY;
        }
        if (entry.fingerprint() != fingerprint) {
            return OTHER_SHAPE;
        }
        if (!entry.recordedUnder(current)) {
            return OTHER_VERSIONS;
        }
        if (entry.holdsNull()) {
            return expectedType.isPrimitive() ? NULL_PRIMITIVE : null;
        }
        byte[] bytes = entry.bytes();
        int payloadStart = entry.payloadStart();
        Session s = sessions.obtain();
        try {
            Input in = s.input;
            if (entry.compressed()) {
                int length = entry.uncompressedLength();
                int compressed = bytes.length - payloadStart - 4;
                // LZ4 expands at most 255 times: a larger claim is not what these bytes can hold.
                if (length < 0 || length > 64 << 20 || length > 255L * compressed + 16) {
                    return NOT_AN_ENTRY;
                }
                LZ4SafeDecompressor d = LZ4.safeDecompressor();
                byte[] plain = new byte[length];
                d.decompress(bytes, payloadStart + 4, bytes.length - payloadStart - 4, plain, 0);
                in.setBuffer(plain);
            } else {
                in.setBuffer(bytes, payloadStart, bytes.length - payloadStart);
            }
            Object value = s.kryo.readClassAndObject(in);
            if (value == null || !wrap(expectedType).isInstance(value)) {
                return new Failure("it decodes to " + (value == null ? "null" : value.getClass().getName())
                        + ", not the method's " + expectedType.getName(), null);
            }
            return value;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // Corrupt, foreign or refused bytes: a miss, as the contract says.
            return new Failure(CodecAdvice.describe(e), e);
        } finally {
            s.kryo.reset();
            s.input.setBuffer(EMPTY);
            free(s);
        }
    }

    /**
     * Returns a session to the pool, unless one large value grew its buffers: pooled, they would
     * keep that memory for as long as the JVM runs.
     */
    private void free(Session s) {
        if (s.small()) {
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

    /** Bytes of output buffer a pooled session keeps; a larger one goes with its session. */
    private static final int KEPT_BYTES = 64 * 1024;

    /** One pooled Kryo with its reusable buffers. */
    private static final class Session {
        final Kryo kryo;
        final AllowListClassResolver resolver;
        final Output output = new Output(1024, -1);
        final BoundedInput input = new BoundedInput();

        Session(Kryo kryo, AllowListClassResolver resolver) {
            this.kryo = kryo;
            this.resolver = resolver;
        }

        /** Whether its buffers hold no more than a pooled session should keep between calls. */
        boolean small() {
            return output.getBuffer().length <= KEPT_BYTES && input.small();
        }
    }
}
