package io.cachet.agent.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.key.Versions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lengths in an entry are claims (issue 13, item 9): a string, an array or a collection claiming
 * more elements than there are bytes left is a miss, before anything is allocated for it. Each
 * claim here, believed, asks for an array of about 2^31 elements: the test JVM would fail with an
 * {@link OutOfMemoryError} ("Requested array size exceeds VM limit"), which the codec does not
 * catch.
 */
class HostileLengthsTest {

    private static final Versions V = Versions.of(1, 2);
    private static final String KEY = "app:cachet:Payloads.opaque:1";
    private static final int HUGE = Integer.MAX_VALUE;

    private final MethodCodec codec = MethodCodec.create(getClass().getClassLoader(), Object.class, Object.class, List.of(), 64);

    /** A real entry's envelope around {@code payload}, sealed. */
    private byte[] entryOf(byte[]... payload) {
        byte[] valid = codec.encode("x", KEY, 1L, 1, V);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, Entry.payloadStart(V.size()));
        for (byte[] p : payload) {
            out.writeBytes(p);
        }
        return Entry.seal(out.toByteArray());
    }

    /** Kryo's class-by-name marker, the name's id 0, the name, then the "not null" reference marker. */
    private static byte[] className(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        b[b.length - 1] |= (byte) 0x80;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, 0});
        out.writeBytes(b);
        out.write(1);
        return out.toByteArray();
    }

    private static byte[] varInt(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
        return out.toByteArray();
    }

    /** Kryo's length of a non-ASCII string: {@code chars + 1}, 6 bits and the flags in the first byte. */
    private static byte[] utf8Length(int chars) {
        int value = chars + 1;
        int rest = value >>> 6;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((value & 0x3F) | 0x80 | (rest != 0 ? 0x40 : 0));
        if (rest != 0) {
            out.writeBytes(varInt(rest));
        }
        return out.toByteArray();
    }

    private Object decode(byte[] entry) {
        return codec.decode(entry, V);
    }

    @Test
    void aBenignForgeryMadeTheSameWayDecodes() {
        assertThat(decode(entryOf(new byte[] {3, 1}, utf8Length(3), "f\u00f3r".getBytes(StandardCharsets.UTF_8))))
                .as("the forgeries reach the decoder").isEqualTo("f\u00f3r");
        assertThat(decode(entryOf(className("[B"), varInt(4), new byte[] {1, 2, 3}))).isEqualTo(new byte[] {1, 2, 3});
    }

    @Test
    void aStringClaimingMoreCharactersThanBytesIsAMiss() {
        assertThat(decode(entryOf(new byte[] {3, 1}, utf8Length(HUGE - 1), "t\u00e9xt".getBytes(StandardCharsets.UTF_8))))
                .isSameAs(MethodCodec.MISS);
        assertThat(decode(entryOf(new byte[] {3, 1}, utf8Length(100_000_000), "t\u00e9xt".getBytes(StandardCharsets.UTF_8))))
                .isSameAs(MethodCodec.MISS);
    }

    @Test
    void aByteArrayClaimingMoreBytesThanPresentIsAMiss() {
        assertThat(decode(entryOf(className("[B"), varInt(HUGE), new byte[] {1, 2, 3, 4}))).isSameAs(MethodCodec.MISS);
    }

    @Test
    void aLongArrayClaimingMoreElementsThanBytesIsAMiss() {
        assertThat(decode(entryOf(className("[J"), varInt(HUGE), new byte[] {1, 2, 3, 4}))).isSameAs(MethodCodec.MISS);
    }

    @Test
    void anObjectArrayClaimingMoreElementsThanBytesIsAMiss() {
        assertThat(decode(entryOf(className("[Ljava.lang.Object;"), varInt(HUGE), new byte[] {1, 2, 3}))).isSameAs(MethodCodec.MISS);
    }

    @Test
    void collectionsClaimingMoreElementsThanBytesAreAMiss() {
        for (String type : List.of("java.util.ArrayList", "java.util.ArrayDeque", "java.util.HashMap",
                "java.util.ImmutableCollections$ListN")) {
            assertThat(decode(entryOf(className(type), varInt(HUGE), new byte[] {1, 2, 3}))).as(type).isSameAs(MethodCodec.MISS);
        }
    }

    @Test
    void trueLengthsStillDecode() {
        for (Object value : List.of("t\u00e9xt-1".repeat(1000), new byte[4096], new long[] {1, 2, 3},
                new java.util.ArrayList<>(List.of(1, 2, 3)), List.of("a", "b", "c"), java.util.Map.of("k", List.of(1L)),
                new Object[] {"a", 1}, java.util.Arrays.asList("x", "y"), new java.util.PriorityQueue<>(List.of(3, 1, 2)))) {
            Object back = decode(codec.encode(value, KEY, 1L, 1, V));
            assertThat(back).as("%s", value.getClass()).isNotSameAs(MethodCodec.MISS);
            if (!(value instanceof java.util.PriorityQueue)) {
                assertThat(back).isEqualTo(value);
            }
        }
    }
}
