package io.cachet.agent.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.key.Versions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An entry's checksum and its key's hash (issue 13, items 4 and 5): no flipped bit anywhere in
 * an entry, and no entry written for another key, is ever served as a value.
 */
class EntryIntegrityTest {

    private static final Versions V = Versions.of(3, 7, 11);
    private static final String KEY = "app:cachet:Records.read:5";

    private static MethodCodec codec() {
        return MethodCodec.create(EntryIntegrityTest.class.getClassLoader(), Map.class, Map.class, List.of(), 64);
    }

    private static Object read(MethodCodec codec, byte[] bytes, String key) {
        Entry entry = Entry.parse(bytes, key);
        return entry == null ? MethodCodec.MISS : codec.decode(entry, V);
    }

    @Test
    void noSingleBitFlipIsServed() {
        MethodCodec codec = codec();
        for (Object value : List.of(Map.of("id", 5, "name", "record-5", "price", new BigDecimal("1.50")),
                Map.of("text", "x".repeat(500)))) {
            byte[] valid = codec.encode(value, KEY, 1L, 1, V);
            assertThat(read(codec, valid, KEY)).isEqualTo(value);
            List<Integer> served = new ArrayList<>();
            for (int bit = 0; bit < valid.length * 8; bit++) {
                byte[] flipped = valid.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                if (read(codec, flipped, KEY) != MethodCodec.MISS) {
                    served.add(bit);
                }
            }
            assertThat(served).as("bits of a %d-byte entry whose flip was served", valid.length).isEmpty();
        }
    }

    @Test
    void anEntryWrittenForAnotherKeyIsAMiss() {
        MethodCodec codec = codec();
        byte[] other = codec.encode(Map.of("id", 15), "app:cachet:Records.read:15", 1L, 1, V);
        assertThat(read(codec, other, KEY)).isSameAs(MethodCodec.MISS);
        assertThat(read(codec, other, "app:cachet:Records.read:15")).isEqualTo(Map.of("id", 15));
    }

    @Test
    void anEntryOfAnotherKeyIsToldFromACorruptOne() {
        MethodCodec codec = codec();
        byte[] other = codec.encode(Map.of("id", 15), "app:cachet:Records.read:15", 1L, 1, V);
        assertThat(Entry.ofAnotherKey(other, KEY)).as("a whole entry of another key").isTrue();
        assertThat(Entry.ofAnotherKey(other, "app:cachet:Records.read:15")).as("its own key").isFalse();
        byte[] corrupt = other.clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertThat(Entry.ofAnotherKey(corrupt, KEY)).as("corrupt bytes: no sign of which key").isFalse();
        assertThat(Entry.ofAnotherKey("17".getBytes(), KEY)).as("a counter").isFalse();
    }

    @Test
    void theKeysHashIsTheSameInEveryJvm() {
        // FNV-1a 64 of the key's characters: a constant here, so a change of the hash shows as a format change.
        assertThat(Entry.keyHash("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(Entry.keyHash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    }
}
