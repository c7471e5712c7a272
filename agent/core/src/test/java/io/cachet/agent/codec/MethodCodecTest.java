package io.cachet.agent.codec;

import io.cachet.agent.key.Versions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.foreign.ForeignValue;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("unchecked")
class MethodCodecTest {

    /** Versions of the cache and the key an entry is recorded under; these tests keep them fixed. */
    private static final Versions V = Versions.of(3, 7);
    private static final String KEY = "test:cachet:Items.find:7";

    static final class Item {
        final long id;
        final String name;
        final BigDecimal price;
        final List<String> tags;

        Item(long id, String name, BigDecimal price, List<String> tags) {
            this.id = id;
            this.name = name;
            this.price = price;
            this.tags = List.copyOf(tags);
        }
    }

    enum Color { RED, GREEN, BLUE }

    enum Op {
        PLUS { int apply(int a, int b) { return a + b; } },
        TIMES { int apply(int a, int b) { return a * b; } };

        abstract int apply(int a, int b);
    }

    record Point(int x, int y) {
    }

    record Order(long id, Color color, List<Point> points, Map<String, Integer> counts) {
    }

    /** No no-arg constructor; a shared reference and a back-reference. */
    static final class Person {
        final String name;
        final List<Person> friends = new ArrayList<>();

        Person(String name) {
            this.name = name;
        }
    }

    /** Captures a generic type: {@code new TypeRef<List<String>>() {}.type()}. */
    abstract static class TypeRef<T> {
        Type type() {
            return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }

    private static final ClassLoader LOADER = MethodCodecTest.class.getClassLoader();
    private static final List<String> PACKAGES = MethodCodec.applicationPackages(MethodCodecTest.class, List.of());

    private static MethodCodec codecFor(Class<?> type) {
        return MethodCodec.create(LOADER, type, type, PACKAGES, 1024);
    }

    private static MethodCodec codecFor(Type valueType, Class<?> expected) {
        return MethodCodec.create(LOADER, valueType, expected, PACKAGES, 1024);
    }

    private static Object roundTrip(MethodCodec codec, Object value) {
        return codec.decode(codec.encode(value, KEY, 1L, 1000, V), V);
    }

    @Test
    void roundTripsAnObjectWithoutNoArgConstructor() {
        MethodCodec codec = codecFor(Item.class);
        byte[] bytes = codec.encode(new Item(7, "x", new BigDecimal("1.50"), List.of("a", "b")), KEY, 1L, 1000, V);
        Object back = codec.decode(bytes, V);
        assertThat(back).isInstanceOf(Item.class);
        Item item = (Item) back;
        assertThat(item.id).isEqualTo(7);
        assertThat(item.tags).containsExactly("a", "b");
    }

    // --- round trips ---

    @Test
    void roundTripsPrimitives() {
        assertThat(roundTrip(codecFor(int.class), 42)).isEqualTo(42);
        assertThat(roundTrip(codecFor(long.class), Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(roundTrip(codecFor(boolean.class), true)).isEqualTo(true);
        assertThat(roundTrip(codecFor(double.class), -0.5d)).isEqualTo(-0.5d);
        assertThat(roundTrip(codecFor(float.class), 1.25f)).isEqualTo(1.25f);
        assertThat(roundTrip(codecFor(short.class), (short) 7)).isEqualTo((short) 7);
        assertThat(roundTrip(codecFor(byte.class), (byte) -1)).isEqualTo((byte) -1);
        assertThat(roundTrip(codecFor(char.class), 'c')).isEqualTo('c');
    }

    @Test
    void roundTripsBoxes() {
        assertThat(roundTrip(codecFor(Integer.class), 42)).isEqualTo(42);
        assertThat(roundTrip(codecFor(Long.class), 42L)).isEqualTo(42L);
        assertThat(roundTrip(codecFor(Double.class), Double.NaN)).isEqualTo(Double.NaN);
        assertThat(roundTrip(codecFor(Boolean.class), Boolean.FALSE)).isEqualTo(false);
    }

    @Test
    void roundTripsStrings() {
        MethodCodec codec = codecFor(String.class);
        assertThat(roundTrip(codec, "hello")).isEqualTo("hello");
        assertThat(roundTrip(codec, "")).isEqualTo("");
        assertThat(roundTrip(codec, "žluťoučký kůň 🐎")).isEqualTo("žluťoučký kůň 🐎");
    }

    @Test
    void roundTripsArrays() {
        assertThat((int[]) roundTrip(codecFor(int[].class), new int[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat((String[]) roundTrip(codecFor(String[].class), new String[] {"a", null})).containsExactly("a", null);
        assertThat((byte[]) roundTrip(codecFor(byte[].class), new byte[] {1, -1})).containsExactly(1, -1);
    }

    @Test
    void roundTripsValueTypes() {
        assertThat(roundTrip(codecFor(BigDecimal.class), new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(roundTrip(codecFor(LocalDate.class), LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(roundTrip(codecFor(Instant.class), Instant.ofEpochSecond(1, 2))).isEqualTo(Instant.ofEpochSecond(1, 2));
    }

    /* UUID and URI fields live in java.base, closed to Kryo's field serializer on Java 17+. */
    @Test
    void roundTripsUuid() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(roundTrip(codecFor(UUID.class), id)).isEqualTo(id);
    }

    @Test
    void roundTripsUri() {
        java.net.URI uri = java.net.URI.create("https://example.com/a?b=c");
        assertThat(roundTrip(codecFor(java.net.URI.class), uri)).isEqualTo(uri);
    }

    /* Kryo's default map serializer would rebuild an EnumMap without its key type. */
    @Test
    void roundTripsEnumMap() {
        EnumMap<Color, Integer> map = new EnumMap<>(Color.class);
        map.put(Color.RED, 1);
        map.put(Color.BLUE, 3);
        assertThat(roundTrip(codecFor(new TypeRef<Map<Color, Integer>>() { }.type(), Map.class), map)).isEqualTo(map);
    }

    /*
     * A value that encodes must decode: views the codec cannot rebuild (a synchronized list) are
     * refused when encoding rather than stored and missed on every read.
     */
    @Test
    void aValueThatEncodesCanBeDecoded() {
        List<Integer> synced = Collections.synchronizedList(new ArrayList<>(List.of(1, 2)));
        MethodCodec codec = codecFor(List.class);
        byte[] bytes;
        try {
            bytes = codec.encode(synced, KEY, 1L, 1, V);
        } catch (CodecException refused) {
            return; // refused up front: acceptable
        }
        assertThat(codec.decode(bytes, V)).isNotSameAs(MethodCodec.MISS).isEqualTo(synced);
    }

    @Test
    void roundTripsGenericCollections() {
        List<String> list = new ArrayList<>(List.of("a", "b"));
        assertThat(roundTrip(codecFor(new TypeRef<List<String>>() { }.type(), List.class), list))
                .isInstanceOf(ArrayList.class).isEqualTo(list);

        Map<String, List<Integer>> map = new HashMap<>();
        map.put("x", List.of(1, 2));
        map.put("y", new ArrayList<>());
        assertThat(roundTrip(codecFor(new TypeRef<Map<String, List<Integer>>>() { }.type(), Map.class), map))
                .isEqualTo(map);

        Set<String> set = new HashSet<>(Set.of("p", "q"));
        assertThat(roundTrip(codecFor(new TypeRef<Set<String>>() { }.type(), Set.class), set)).isEqualTo(set);
    }

    @Test
    void roundTripsOrderedCollectionsKeepingOrder() {
        Map<String, Integer> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", 2);
        Object back = roundTrip(codecFor(new TypeRef<Map<String, Integer>>() { }.type(), Map.class), linked);
        assertThat(back).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<Object, Object>) back).keySet()).containsExactly("z", "a");

        TreeMap<String, Integer> tree = new TreeMap<>(linked);
        assertThat(((Map<Object, Object>) roundTrip(codecFor(TreeMap.class), tree)).keySet()).containsExactly("a", "z");

        LinkedList<Integer> linkedList = new LinkedList<>(List.of(3, 1, 2));
        assertThat(roundTrip(codecFor(LinkedList.class), linkedList)).isEqualTo(linkedList);

        CopyOnWriteArrayList<String> cow = new CopyOnWriteArrayList<>(List.of("c"));
        assertThat(roundTrip(codecFor(List.class), cow)).isInstanceOf(CopyOnWriteArrayList.class).isEqualTo(cow);
    }

    @Test
    void roundTripsEnumSet() {
        EnumSet<Color> colors = EnumSet.of(Color.RED, Color.BLUE);
        assertThat(roundTrip(codecFor(new TypeRef<Set<Color>>() { }.type(), Set.class), colors)).isEqualTo(colors);
    }

    @Test
    void roundTripsImmutableCollections() {
        MethodCodec lists = codecFor(new TypeRef<List<String>>() { }.type(), List.class);
        assertThat(roundTrip(lists, List.of())).isEqualTo(List.of());
        assertThat(roundTrip(lists, List.of("a"))).isEqualTo(List.of("a"));
        Object back = roundTrip(lists, List.of("a", "b", "c"));
        assertThat(back).isEqualTo(List.of("a", "b", "c"));
        assertThatThrownBy(() -> ((List<String>) back).add("d")).isInstanceOf(UnsupportedOperationException.class);

        assertThat(roundTrip(codecFor(Set.class), Set.of(1, 2, 3))).isEqualTo(Set.of(1, 2, 3));
        assertThat(roundTrip(codecFor(Map.class), Map.of("k", 1, "l", 2))).isEqualTo(Map.of("k", 1, "l", 2));
    }

    @Test
    void roundTripsUnmodifiableWrappers() {
        MethodCodec lists = codecFor(List.class);
        List<String> wrapped = Collections.unmodifiableList(new ArrayList<>(List.of("a", "b")));
        Object back = roundTrip(lists, wrapped);
        assertThat(back).isEqualTo(wrapped).hasSameClassAs(wrapped);
        assertThatThrownBy(() -> ((List<String>) back).add("c")).isInstanceOf(UnsupportedOperationException.class);

        List<String> wrappedLinked = Collections.unmodifiableList(new LinkedList<>(List.of("x")));
        assertThat(roundTrip(lists, wrappedLinked)).isEqualTo(wrappedLinked).hasSameClassAs(wrappedLinked);

        Set<String> set = Collections.unmodifiableSet(new HashSet<>(Set.of("s", "t")));
        assertThat(roundTrip(codecFor(Set.class), set)).isEqualTo(set).hasSameClassAs(set);

        Map<String, Integer> map = Collections.unmodifiableMap(new HashMap<>(Map.of("m", 1)));
        assertThat(roundTrip(codecFor(Map.class), map)).isEqualTo(map).hasSameClassAs(map);

        Collection<String> coll = Collections.unmodifiableCollection(new ArrayList<>(List.of("c")));
        assertThat((Collection<Object>) roundTrip(codecFor(Collection.class), coll)).containsExactly("c");
    }

    @Test
    void roundTripsArraysAsList() {
        List<String> asList = Arrays.asList("a", null, "c");
        Object back = roundTrip(codecFor(List.class), asList);
        assertThat(back).isEqualTo(asList).hasSameClassAs(asList);
    }

    @Test
    void roundTripsEmptyAndSingletonCollections() {
        assertThat(roundTrip(codecFor(List.class), Collections.emptyList())).isEqualTo(List.of());
        assertThat(roundTrip(codecFor(Map.class), Collections.emptyMap())).isEqualTo(Map.of());
        assertThat(roundTrip(codecFor(List.class), Collections.singletonList("one"))).isEqualTo(List.of("one"));
    }

    /* Sorted views are subclasses of the plain ones; they must come back sorted, not as plain sets. */
    @Test
    void roundTripsUnmodifiableSortedSet() {
        SortedSet<String> sorted = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of("b", "a")));
        Object back = roundTrip(codecFor(SortedSet.class), sorted);
        assertThat(back).isInstanceOf(SortedSet.class);
        assertThat((SortedSet<Object>) back).containsExactly("a", "b");
    }

    @Test
    void roundTripsRecords() {
        Order order = new Order(9, Color.BLUE, List.of(new Point(1, 2), new Point(3, 4)), Map.of("k", 5));
        assertThat(roundTrip(codecFor(Order.class), order)).isEqualTo(order);
        List<Point> points = List.of(new Point(0, 0));
        assertThat(roundTrip(codecFor(new TypeRef<List<Point>>() { }.type(), List.class), points)).isEqualTo(points);
    }

    @Test
    void roundTripsEnums() {
        assertThat(roundTrip(codecFor(Color.class), Color.GREEN)).isSameAs(Color.GREEN);
        assertThat(roundTrip(codecFor(Op.class), Op.TIMES)).isSameAs(Op.TIMES);
    }

    @Test
    void roundTripsOptional() {
        MethodCodec codec = codecFor(new TypeRef<Optional<String>>() { }.type(), Optional.class);
        assertThat(roundTrip(codec, Optional.of("x"))).isEqualTo(Optional.of("x"));
        assertThat(roundTrip(codec, Optional.empty())).isEqualTo(Optional.empty());
    }

    @Test
    void roundTripsObjectGraphsKeepingSharedReferencesAndCycles() {
        Person ann = new Person("Ann");
        Person bob = new Person("Bob");
        ann.friends.add(bob);
        bob.friends.add(ann);
        List<Person> people = List.of(ann, bob, ann);
        Object back = roundTrip(codecFor(new TypeRef<List<Person>>() { }.type(), List.class), people);
        List<?> list = (List<?>) back;
        Person ann2 = (Person) list.get(0);
        Person bob2 = (Person) list.get(1);
        assertThat(ann2.name).isEqualTo("Ann");
        assertThat(list.get(2)).isSameAs(ann2);
        assertThat(ann2.friends).containsExactly(bob2);
        assertThat(bob2.friends.get(0)).isSameAs(ann2);
    }

    @Test
    void roundTripsValuesOfASubtypeOfTheDeclaredType() {
        MethodCodec codec = codecFor(Object.class);
        assertThat(roundTrip(codec, "s")).isEqualTo("s");
        assertThat(roundTrip(codec, new Point(1, 1))).isEqualTo(new Point(1, 1));
    }

    // --- null ---

    @Test
    void nullIsStoredAsAFlagAndDecodesAsNull() {
        MethodCodec codec = codecFor(String.class);
        byte[] bytes = codec.encode(null, KEY, 5L, 0, V);
        assertThat(bytes).hasSize(Entry.HEADER + 1 + 8 * V.size());
        assertThat(bytes[2] & 1).isEqualTo(1);
        assertThat(codec.decode(bytes, V)).isNull();
    }

    @Test
    void anEntryRecordedUnderOlderVersionsIsAMiss() {
        MethodCodec codec = codecFor(String.class);
        byte[] bytes = codec.encode("v", KEY, 1L, 0, Versions.of(3, 7, 11));
        assertThat(codec.decode(bytes, Versions.of(3, 7, 11))).isEqualTo("v");
        assertThat(codec.decode(bytes, Versions.of(4, 7, 11))).as("cache evicted").isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(bytes, Versions.of(3, 8, 11))).as("key evicted").isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(bytes, Versions.of(3, 7, 12))).as("tag evicted").isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(bytes, Versions.of(3, 7))).as("recorded for other tags").isSameAs(MethodCodec.MISS);
    }

    @Test
    void versionsAreCheckedOnCompressedEntriesToo() {
        MethodCodec codec = codecFor(String.class);
        byte[] bytes = codec.encode("x".repeat(10_000), KEY, 1L, 0, Versions.of(1, 2));
        assertThat(bytes[2] & 2).as("compressed").isEqualTo(2);
        assertThat(codec.decode(bytes, Versions.of(1, 2))).isEqualTo("x".repeat(10_000));
        assertThat(codec.decode(bytes, Versions.of(1, 3))).isSameAs(MethodCodec.MISS);
    }

    @Test
    void nullForAPrimitiveMethodIsAMiss() {
        MethodCodec codec = codecFor(int.class);
        assertThat(codec.decode(codec.encode(null, KEY, 5L, 0, V), V)).isSameAs(MethodCodec.MISS);
    }

    // --- envelope ---

    @Test
    void headerCarriesMagicVersionLoadTimeAndComputeTime() {
        MethodCodec codec = codecFor(String.class);
        long loadTime = 0x0102030405060708L;
        byte[] bytes = codec.encode("v", KEY, loadTime, 2_500_000L, V);
        assertThat(bytes[0]).isEqualTo((byte) 0xCA);
        assertThat(bytes[1]).isEqualTo((byte) 2);
        assertThat(bytes[2]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(bytes, 11, 19)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(computeMicros(bytes)).isEqualTo(2500);
    }

    /** The envelope's compute time: bytes 19 to 22, big-endian microseconds. */
    private static int computeMicros(byte[] b) {
        return ((b[19] & 0xff) << 24) | ((b[20] & 0xff) << 16) | ((b[21] & 0xff) << 8) | (b[22] & 0xff);
    }

    @Test
    void computeTimeIsCappedAtIntMax() {
        byte[] bytes = codecFor(String.class).encode("v", KEY, 0, Long.MAX_VALUE, V);
        assertThat(computeMicros(bytes)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void sameFingerprintForTheSameType() {
        byte[] a = codecFor(Item.class).encode(null, KEY, 0, 0, V);
        byte[] b = codecFor(Item.class).encode(null, KEY, 0, 0, V);
        assertThat(Arrays.copyOfRange(a, 3, 11)).isEqualTo(Arrays.copyOfRange(b, 3, 11));
        byte[] c = codecFor(Order.class).encode(null, KEY, 0, 0, V);
        assertThat(Arrays.copyOfRange(a, 3, 11)).isNotEqualTo(Arrays.copyOfRange(c, 3, 11));
    }

    // --- compression ---

    private static List<String> largeCompressibleList() {
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            big.add("the same kind of text again and again " + (i % 10));
        }
        return big;
    }

    @Test
    void largeValuesAreCompressedWithLz4() {
        List<String> big = largeCompressibleList();
        Type type = new TypeRef<List<String>>() { }.type();
        MethodCodec compressing = MethodCodec.create(LOADER, type, List.class, PACKAGES, 1024);
        MethodCodec neverCompressing = MethodCodec.create(LOADER, type, List.class, PACKAGES, Integer.MAX_VALUE);
        byte[] compressed = compressing.encode(big, KEY, 1L, 1000, V);
        byte[] plain = neverCompressing.encode(big, KEY, 1L, 1000, V);
        assertThat(compressed[2] & 2).isEqualTo(2);
        assertThat(plain[2] & 2).isZero();
        assertThat(compressed.length).isLessThan(plain.length / 4);
        assertThat(compressing.decode(compressed, V)).isEqualTo(big);
        // Either codec reads either form: the flag, not the threshold, decides.
        assertThat(neverCompressing.decode(compressed, V)).isEqualTo(big);
        assertThat(compressing.decode(plain, V)).isEqualTo(big);
    }

    @Test
    void smallValuesAreNotCompressed() {
        byte[] bytes = codecFor(String.class).encode("small", KEY, 1L, 1000, V);
        assertThat(bytes[2] & 2).isZero();
    }

    @Test
    void incompressibleValuesAreStoredPlain() {
        byte[] random = new byte[8192];
        new Random(42).nextBytes(random);
        MethodCodec codec = codecFor(byte[].class);
        byte[] bytes = codec.encode(random, KEY, 1L, 1000, V);
        assertThat(bytes[2] & 2).isZero();
        assertThat((byte[]) codec.decode(bytes, V)).isEqualTo(random);
    }

    // --- misses: decode never throws ---

    @Test
    void nullEmptyAndShortBytesAreMisses() {
        MethodCodec codec = codecFor(String.class);
        assertThat(codec.decode((byte[]) null, V)).isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(new byte[0], V)).isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(new byte[Entry.HEADER - 1], V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void garbageIsAMiss() {
        MethodCodec codec = codecFor(String.class);
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            assertThat(codec.decode(garbage, V)).isSameAs(MethodCodec.MISS);
        }
        assertThat(codec.decode("plain text someone else stored".getBytes(), V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void garbagePayloadBehindAValidHeaderIsAMiss() {
        MethodCodec codec = codecFor(Item.class);
        byte[] valid = codec.encode(new Item(1, "n", BigDecimal.ONE, List.of("t")), KEY, 1L, 1, V);
        Random random = new Random(11);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = Arrays.copyOf(valid, Entry.HEADER + 1 + random.nextInt(100));
            byte[] payload = new byte[bytes.length - Entry.HEADER];
            random.nextBytes(payload);
            System.arraycopy(payload, 0, bytes, Entry.HEADER, payload.length);
            bytes[2] = 0;
            // Sealed again, so that the garbage reaches the decoder rather than failing the checksum.
            assertThat(codec.decode(Entry.seal(bytes), V)).isSameAs(MethodCodec.MISS);
        }
    }

    @Test
    void truncatedBytesAreAMiss() {
        MethodCodec codec = codecFor(Item.class);
        byte[] valid = codec.encode(new Item(1, "name", BigDecimal.TEN, List.of("a", "b")), KEY, 1L, 1, V);
        for (int length = Entry.HEADER; length < valid.length; length++) {
            assertThat(codec.decode(Arrays.copyOf(valid, length), V)).as("first %d bytes", length).isSameAs(MethodCodec.MISS);
        }
    }

    @Test
    void truncatedCompressedBytesAreAMiss() {
        MethodCodec codec = codecFor(new TypeRef<List<String>>() { }.type(), List.class);
        byte[] valid = codec.encode(largeCompressibleList(), KEY, 1L, 1, V);
        assertThat(valid[2] & 2).isEqualTo(2);
        assertThat(codec.decode(Arrays.copyOf(valid, valid.length - 10), V)).isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(Arrays.copyOf(valid, Entry.HEADER + 4), V)).isSameAs(MethodCodec.MISS);
        assertThat(codec.decode(Arrays.copyOf(valid, Entry.HEADER), V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void implausibleUncompressedLengthIsAMiss() {
        MethodCodec codec = codecFor(new TypeRef<List<String>>() { }.type(), List.class);
        byte[] valid = codec.encode(largeCompressibleList(), KEY, 1L, 1, V);
        byte[] negative = valid.clone();
        int lengthAt = Entry.payloadStart(V.size());
        negative[lengthAt] = (byte) 0x80;
        assertThat(codec.decode(Entry.seal(negative), V)).isSameAs(MethodCodec.MISS);
        byte[] huge = valid.clone();
        huge[lengthAt] = 0x7f;
        assertThat(codec.decode(Entry.seal(huge), V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void wrongMagicIsAMiss() {
        MethodCodec codec = codecFor(String.class);
        byte[] bytes = codec.encode("v", KEY, 1L, 1, V);
        bytes[0] = (byte) 0xCB;
        assertThat(codec.decode(bytes, V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void otherFormatVersionIsAMiss() {
        MethodCodec codec = codecFor(String.class);
        byte[] bytes = codec.encode("v", KEY, 1L, 1, V);
        bytes[1] = 1;
        assertThat(codec.decode(Entry.seal(bytes), V)).isSameAs(MethodCodec.MISS);
        bytes[1] = 3;
        assertThat(codec.decode(Entry.seal(bytes), V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void entryOfAnotherTypeShapeIsAMiss() {
        byte[] point = codecFor(Point.class).encode(new Point(1, 2), KEY, 1L, 1, V);
        assertThat(codecFor(Order.class).decode(point, V)).isSameAs(MethodCodec.MISS);
        byte[] nullPoint = codecFor(Point.class).encode(null, KEY, 1L, 1, V);
        assertThat(codecFor(Order.class).decode(nullPoint, V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void genericTypeArgumentsArePartOfTheShape() {
        byte[] strings = codecFor(new TypeRef<List<String>>() { }.type(), List.class).encode(List.of("1"), KEY, 1L, 1, V);
        MethodCodec integers = codecFor(new TypeRef<List<Integer>>() { }.type(), List.class);
        assertThat(integers.decode(strings, V)).isSameAs(MethodCodec.MISS);
    }

    @Test
    void valueThatIsNotOfTheExpectedTypeIsAMiss() {
        // Same shape (Object), so the fingerprint matches; the expected type does not.
        byte[] integer = MethodCodec.create(LOADER, Object.class, Object.class, PACKAGES, 1024).encode(5, KEY, 1L, 1, V);
        MethodCodec strings = MethodCodec.create(LOADER, Object.class, String.class, PACKAGES, 1024);
        assertThat(strings.decode(integer, V)).isSameAs(MethodCodec.MISS);
    }

    // --- the allow-list ---

    @Test
    void applicationPackagesAreTheConfiguredOnesAndTheTwoSegmentRoot() {
        assertThat(MethodCodec.applicationPackages(MethodCodecTest.class, List.of("com.acme", "org.example.")))
                .containsExactly("com.acme.", "org.example.", "io.cachet.");
        assertThat(MethodCodec.applicationPackages(ForeignValue.class, List.of())).containsExactly("org.foreign.");
    }

    @Test
    void encodingAClassOutsideTheAllowListThrows() {
        MethodCodec codec = codecFor(Object.class);
        assertThatThrownBy(() -> codec.encode(new ForeignValue("x"), KEY, 1L, 1, V))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("org.foreign.ForeignValue is not on Cachet's allow-list");
        assertThatThrownBy(() -> codec.encode(List.of(new ForeignValue("nested")), KEY, 1L, 1, V))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("org.foreign.ForeignValue");
    }

    @Test
    void encodingAJdkClassOutsideTheAllowListThrows() {
        MethodCodec codec = codecFor(Object.class);
        assertThatThrownBy(() -> codec.encode(new java.util.Vector<>(List.of(1)), KEY, 1L, 1, V))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.util.Vector");
    }

    @Test
    void codecStaysUsableAfterARefusedValue() {
        MethodCodec codec = codecFor(Object.class);
        assertThatThrownBy(() -> codec.encode(new ForeignValue("x"), KEY, 1L, 1, V)).isInstanceOf(CodecException.class);
        assertThat(roundTrip(codec, "fine")).isEqualTo("fine");
    }

    @Test
    void classesOfTheDeclaredTypeAreAllowedWhateverTheirPackage() {
        MethodCodec codec = MethodCodec.create(LOADER, ForeignValue.class, ForeignValue.class, List.of(), 1024);
        Object back = roundTrip(codec, new ForeignValue("mine"));
        assertThat(back).isInstanceOf(ForeignValue.class);
        assertThat(((ForeignValue) back).text()).isEqualTo("mine");
    }

    @Test
    void configuredPackagesAreAllowed() {
        MethodCodec codec = MethodCodec.create(LOADER, Object.class, Object.class, List.of("org.foreign."), 1024);
        assertThat(((ForeignValue) roundTrip(codec, new ForeignValue("ok"))).text()).isEqualTo("ok");
    }

    /** Records every class name asked of it before delegating to the test class path. */
    static final class RecordingLoader extends ClassLoader {
        final List<String> requested = Collections.synchronizedList(new ArrayList<>());

        RecordingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }

    private static int secretInitialisations() {
        return Integer.getInteger("cachet.test.org.foreign.Secret.initialisations", 0);
    }

    @Test
    void classOutsideTheAllowListIsNeitherLoadedNorInitialisedWhenDecoding() throws Exception {
        // Make the bytes with a private copy of org.foreign.Secret, from its own class loader, so
        // that this JVM's copy on the test class path is never touched by the encoding.
        URL testClasses = MethodCodecTest.class.getProtectionDomain().getCodeSource().getLocation();
        byte[] bytes;
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> secretType = Class.forName("org.foreign.Secret", true, isolated);
            Object secret = secretType.getConstructor(String.class).newInstance("payload");
            MethodCodec writer = MethodCodec.create(isolated, Object.class, Object.class, List.of("org.foreign."), 1024);
            bytes = writer.encode(secret, KEY, 1L, 1, V);
        }
        int initialisedBefore = secretInitialisations();
        assertThat(initialisedBefore).isPositive(); // the isolated copy's initializer did run

        RecordingLoader application = new RecordingLoader(LOADER);
        MethodCodec reader = MethodCodec.create(application, Object.class, Object.class, PACKAGES, 1024);
        assertThat(reader.decode(bytes, V)).isSameAs(MethodCodec.MISS);
        assertThat(secretInitialisations()).isEqualTo(initialisedBefore);
        assertThat(application.requested).doesNotContain("org.foreign.Secret");

        // Control: a reader that allows org.foreign. does load, initialise and build it.
        MethodCodec allowing = MethodCodec.create(application, Object.class, Object.class, List.of("org.foreign."), 1024);
        Object back = allowing.decode(bytes, V);
        assertThat(back.getClass().getName()).isEqualTo("org.foreign.Secret");
        assertThat(application.requested).contains("org.foreign.Secret");
        assertThat(secretInitialisations()).isEqualTo(initialisedBefore + 1);
    }
}
