package io.cachet.agent.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyWriterTest {

    enum Color { RED, GREEN }

    record Point(int x, long y) {
    }

    record Named(String name, Color color) {
    }

    /** Fields declared out of alphabetical order on purpose. */
    static final class Pojo {
        private final String zeta;
        private final long alpha;
        private final Color middle;

        Pojo(String zeta, long alpha, Color middle) {
            this.zeta = zeta;
            this.alpha = alpha;
            this.middle = middle;
        }
    }

    /** The same fields declared in another order, under the same simple name elsewhere. */
    static final class Other {
        static final class Pojo {
            private final Color middle;
            private final long alpha;
            private final String zeta;

            Pojo(String zeta, long alpha, Color middle) {
                this.zeta = zeta;
                this.alpha = alpha;
                this.middle = middle;
            }
        }
    }

    static class Base {
        final int id;

        Base(int id) {
            this.id = id;
        }
    }

    static final class Child extends Base {
        static final String IGNORED_STATIC = "s";
        final String name;
        transient String ignoredTransient = "t";

        Child(int id, String name) {
            super(id);
            this.name = name;
        }
    }

    static final class Node {
        final String label;
        Node next;

        Node(String label) {
            this.label = label;
        }
    }

    private static String key(Object value) {
        KeyWriter w = new KeyWriter();
        w.value(value);
        return w.keyPart();
    }

    /** {@code #} and the first 16 bytes of SHA-256 of {@code text}, in lower-case hex. */
    private static String hashOf(String text) throws Exception {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder("#");
        for (int i = 0; i < 16; i++) {
            out.append(String.format("%02x", h[i]));
        }
        return out.toString();
    }

    // --- top-level values are plain ---

    @Test
    void primitivesAndBoxesArePlainAtTopLevel() {
        assertThat(key(42)).isEqualTo("42");
        assertThat(key(42L)).isEqualTo("42");
        assertThat(key((short) 3)).isEqualTo("3");
        assertThat(key((byte) -4)).isEqualTo("-4");
        assertThat(key(1.5d)).isEqualTo("1.5");
        assertThat(key(2.5f)).isEqualTo("2.5");
        assertThat(key(true)).isEqualTo("true");
        assertThat(key('c')).isEqualTo("c");
        assertThat(key("plain")).isEqualTo("plain");
    }

    @Test
    void nullIsTilde() {
        assertThat(key(null)).isEqualTo("~");
    }

    @Test
    void specialCharactersOfTopLevelStringsAreEscaped() {
        assertThat(key("a,b%c~d#e")).isEqualTo("a%2cb%25c%7ed%23e");
        assertThat(key("~")).isNotEqualTo(key(null));
        assertThat(key("#0123")).doesNotStartWith("#");
    }

    @Test
    void literalsAreWrittenAsIs() {
        KeyWriter w = new KeyWriter();
        w.literal("user:");
        w.value(7);
        w.literal(",#~");
        assertThat(w.keyPart()).isEqualTo("user:7,#~");
    }

    @Test
    void enumsArePlainAtTopLevelAndTypedInside() {
        assertThat(key(Color.RED)).isEqualTo("RED");
        assertThat(key(List.of(Color.RED))).isEqualTo("[Color.RED]");
    }

    @Test
    void valueTypesUseTheirTextForm() {
        assertThat(key(new BigDecimal("1.50"))).isEqualTo("1.50");
        assertThat(key(new BigInteger("12345678901234567890"))).isEqualTo("12345678901234567890");
        assertThat(key(LocalDate.of(2024, 1, 2))).isEqualTo("2024-01-02");
        assertThat(key(Duration.ofMinutes(10))).isEqualTo("PT10M");
        assertThat(key(Locale.UK)).isEqualTo("en-GB");
        assertThat(key(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")))
                .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(key(URI.create("http://x/?a=1,2"))).isEqualTo("http://x/?a=1%2c2");
        assertThat(key(List.of(new BigDecimal("1.50"), LocalDate.of(2024, 1, 2))))
                .isEqualTo("[BigDecimal(1.50),LocalDate(2024-01-02)]");
    }

    // --- nested values carry their type ---

    @Test
    void nestedValuesAreTyped() {
        assertThat(key(List.of(1L, "x"))).isEqualTo("[1L,\"x\"]");
        assertThat(key(Arrays.asList(1, 2L, 3.0d, 4.0f, (short) 5, (byte) 6, 'c', true, null, "s")))
                .isEqualTo("[1,2L,3.0d,4.0f,5s,6b,'c',true,~,\"s\"]");
    }

    @Test
    void nestedTypesKeepEqualLookingValuesApart() {
        assertThat(key(List.of(1L))).isNotEqualTo(key(List.of("1"))).isNotEqualTo(key(List.of(1)));
        assertThat(key(List.of("a,b"))).isNotEqualTo(key(List.of("a", "b")));
        assertThat(key(List.of(1, 2))).isNotEqualTo(key("[1,2]"));
    }

    @Test
    void quotesAndPercentInNestedStringsAreEscaped() {
        assertThat(key(List.of("a\"b%c,d"))).isEqualTo("[\"a%22b%25c,d\"]");
        assertThat(key(List.of('\''))).isEqualTo("['%27']");
        assertThat(key(List.of("a\",\"b"))).isNotEqualTo(key(List.of("a", "b")));
    }

    @Test
    void arrays() {
        assertThat(key(new int[] {1, 2})).isEqualTo("[1,2]");
        assertThat(key(new long[] {1, 2})).isEqualTo("[1L,2L]");
        assertThat(key(new String[] {"a", null})).isEqualTo("[\"a\",~]");
        assertThat(key(new int[0])).isEqualTo("[]");
    }

    @Test
    void nestedLists() {
        assertThat(key(List.of(List.of(1L), List.of("x", List.of())))).isEqualTo("[[1L],[\"x\",[]]]");
    }

    @Test
    void optional() {
        assertThat(key(Optional.of("x"))).isEqualTo("Optional(\"x\")");
        assertThat(key(Optional.empty())).isEqualTo("Optional()");
    }

    // --- objects ---

    @Test
    void recordsAreWrittenFieldByField() {
        assertThat(key(new Point(1, 2))).isEqualTo("Point(x=1,y=2L)");
        assertThat(key(new Named("n,1", Color.GREEN))).isEqualTo("Named(color=Color.GREEN,name=\"n,1\")");
    }

    @Test
    void pojoFieldsAreSortedByNameWhateverTheDeclarationOrder() {
        String a = key(new Pojo("z", 1, Color.RED));
        String b = key(new Other.Pojo("z", 1, Color.RED));
        assertThat(a).isEqualTo("Pojo(alpha=1L,middle=Color.RED,zeta=\"z\")");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void inheritedFieldsAreIncludedAndStaticAndTransientOnesAreNot() {
        assertThat(key(new Child(1, "n"))).isEqualTo("Child(id=1,name=\"n\")");
    }

    @Test
    void jdkClassesWithoutAKeyFormAreRefused() {
        assertThatThrownBy(() -> key(new Date(0)))
                .isInstanceOf(KeyException.class)
                .hasMessage("no deterministic key form for java.util.Date");
    }

    // --- sets and maps are sorted ---

    @Test
    void setsAreSortedWhateverTheInsertionOrder() {
        Set<String> first = new LinkedHashSet<>(List.of("b", "a", "c"));
        Set<String> second = new LinkedHashSet<>(List.of("c", "b", "a"));
        assertThat(key(first)).isEqualTo("{\"a\",\"b\",\"c\"}").isEqualTo(key(second));
        assertThat(key(new TreeSet<>(first))).isEqualTo(key(first));
    }

    @Test
    void hashSetsOfDifferentCapacityAndInsertionOrderGiveTheSameKey() {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            elements.add("element-" + i);
        }
        Set<String> small = new HashSet<>();
        small.addAll(elements);
        List<String> reversed = new ArrayList<>(elements);
        java.util.Collections.reverse(reversed);
        Set<String> large = new HashSet<>(4096);
        large.addAll(reversed);
        assertThat(new ArrayList<>(small)).isNotEqualTo(new ArrayList<>(large)); // iteration orders differ
        assertThat(key(small)).isEqualTo(key(large));
    }

    @Test
    void mapsAreSortedByEntryWhateverTheInsertionOrder() {
        Map<String, Integer> first = new LinkedHashMap<>();
        first.put("b", 2);
        first.put("a", 1);
        Map<String, Integer> second = new HashMap<>(1024);
        second.put("a", 1);
        second.put("b", 2);
        assertThat(key(first)).isEqualTo("{\"a\"=1,\"b\"=2}").isEqualTo(key(second)).isEqualTo(key(new TreeMap<>(first)));
    }

    @Test
    void mapWithNullValue() {
        Map<String, Object> m = new HashMap<>();
        m.put("k", null);
        assertThat(key(m)).isEqualTo("{\"k\"=~}");
    }

    @Test
    void setOfEnumsAndRecords() {
        assertThat(key(Set.of(Color.GREEN, Color.RED))).isEqualTo("{Color.GREEN,Color.RED}");
        assertThat(key(Set.of(new Point(2, 0), new Point(1, 0)))).isEqualTo("{Point(x=1,y=0L),Point(x=2,y=0L)}");
    }

    @Test
    void longElementOfASetIsHashedInPlace() throws Exception {
        String big = "x".repeat(200);
        assertThat(key(Set.of(big))).isEqualTo("{" + hashOf("\"" + big + "\"") + "}");
    }

    // --- cycles and depth ---

    @Test
    void selfContainingListDoesNotOverflow() {
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(list);
        assertThat(key(list)).isEqualTo("[1,^]");
    }

    @Test
    void objectCycleDoesNotOverflow() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        assertThat(key(a)).isEqualTo("Node(label=\"a\",next=Node(label=\"b\",next=^))");
    }

    @Test
    void sameObjectTwiceIsNotACycle() {
        Point p = new Point(1, 1);
        assertThat(key(List.of(p, p))).isEqualTo("[Point(x=1,y=1L),Point(x=1,y=1L)]");
    }

    @Test
    void nestingDeeperThanSixteenLevelsIsRefused() {
        Object sixteen = "x";
        for (int i = 0; i < 16; i++) {
            sixteen = List.of(sixteen);
        }
        assertThat(key(sixteen)).isEqualTo("[".repeat(16) + "\"x\"" + "]".repeat(16));
        Object seventeen = List.of(sixteen);
        assertThatThrownBy(() -> key(seventeen))
                .isInstanceOf(KeyException.class)
                .hasMessage("argument nests deeper than 16 levels");
    }

    // --- hashing ---

    @Test
    void byteArraysAreAlwaysHashed() throws Exception {
        assertThat(key(new byte[] {1, 2, (byte) 0xff})).isEqualTo(hashOf("0x0102ff"));
        assertThat(key(new byte[0])).matches("#[0-9a-f]{32}");
    }

    @Test
    void byteArrayInsideAListIsHashed() {
        assertThat(key(List.of(new byte[] {1}))).matches("#[0-9a-f]{32}");
    }

    /* Binary is hashed wherever it appears, also inside the sorted renderings of sets and maps. */
    @Test
    void byteArrayInsideAMapIsHashed() {
        assertThat(key(Map.of("k", new byte[] {1, 2}))).matches("#[0-9a-f]{32}");
    }

    @Test
    void textUpTo120CharactersIsKeptAndLongerTextIsHashed() throws Exception {
        String max = "a".repeat(KeyWriter.MAX_READABLE);
        String over = "a".repeat(KeyWriter.MAX_READABLE + 1);
        assertThat(key(max)).isEqualTo(max);
        assertThat(key(over)).isEqualTo(hashOf(over)).hasSize(33).matches("#[0-9a-f]{32}");
    }

    @Test
    void hugeValuesHashToTheSameBoundedLength() throws Exception {
        String huge = "0123456789".repeat(10_000);
        assertThat(key(huge)).isEqualTo(hashOf(huge)).hasSize(33);
        List<Long> longs = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            longs.add(i);
        }
        assertThat(key(longs)).matches("#[0-9a-f]{32}").isEqualTo(key(new ArrayList<>(longs)));
    }

    @Test
    void literalAndValueTogetherAreHashedAsOneText() throws Exception {
        KeyWriter w = new KeyWriter();
        w.literal("user:");
        w.value("x".repeat(200));
        assertThat(w.keyPart()).isEqualTo(hashOf("user:" + "x".repeat(200)));
    }

    @Test
    void nonAsciiTextIsHashed() throws Exception {
        assertThat(key("café")).isEqualTo(hashOf("café"));
        assertThat(key("line\nbreak")).isEqualTo(hashOf("line\nbreak"));
        assertThat(key(List.of("ü"))).isEqualTo(hashOf("[\"ü\"]"));
    }

    // --- determinism ---

    @Test
    void sameInputGivesTheSameKey() {
        Object value = List.of(new Pojo("z", 1, Color.RED), Map.of("a", Set.of(3L, 1L, 2L)), Optional.of(new Point(1, 2)));
        assertThat(key(value)).isEqualTo(key(value));
        assertThat(key(value)).isEqualTo(
                "[Pojo(alpha=1L,middle=Color.RED,zeta=\"z\"),{\"a\"={1L,2L,3L}},Optional(Point(x=1,y=2L))]");
    }
}
