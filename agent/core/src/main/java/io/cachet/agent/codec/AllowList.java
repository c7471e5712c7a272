package io.cachet.agent.codec;

import java.util.List;
import java.util.Set;

/**
 * The classes decoding may instantiate, by name: JDK value types and collections, the packages
 * the operator allows, the application's own package root, and every class that the cached
 * method's return type is built from. Anything else in stored bytes makes the entry a miss
 * before its class is even loaded (see {@link AllowListClassLoader}).
 */
final class AllowList {

    private static final Set<String> JDK_CLASSES = Set.of(
            "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Number",
            "java.lang.Object", "java.lang.Enum",
            "java.math.BigDecimal", "java.math.BigInteger",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.ArrayDeque", "java.util.PriorityQueue", "java.util.EnumMap", "java.util.RegularEnumSet",
            "java.util.JumboEnumSet", "java.util.BitSet", "java.util.UUID", "java.util.Date", "java.util.Locale",
            "java.util.Currency", "java.util.Optional", "java.util.OptionalInt", "java.util.OptionalLong",
            "java.util.OptionalDouble", "java.util.Arrays$ArrayList",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.ConcurrentSkipListMap", "java.util.concurrent.ConcurrentSkipListSet",
            "java.util.concurrent.ConcurrentLinkedQueue",
            "java.net.URI", "java.sql.Date", "java.sql.Time", "java.sql.Timestamp",
            // Views of the JDK's collections that the codec knows how to rebuild (Kryo's defaults
            // and UnmodifiableWrapperSerializer); synchronized and checked views are not among them.
            "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
            "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
            "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableNavigableSet",
            "java.util.Collections$UnmodifiableMap", "java.util.Collections$UnmodifiableSortedMap",
            "java.util.Collections$UnmodifiableNavigableMap");

    private static final List<String> JDK_PREFIXES = List.of(
            "java.time.", "java.util.ImmutableCollections$");

    private final List<String> packages;
    private final Set<String> classes;

    /**
     * @param packages package prefixes ending in {@code .}
     * @param classes exact class names
     */
    AllowList(List<String> packages, Set<String> classes) {
        this.packages = packages;
        this.classes = classes;
    }

    boolean allows(String className) {
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        } else if (name.length() == 1) {
            return true; // a primitive array descriptor
        }
        if (JDK_CLASSES.contains(name) || classes.contains(name)) {
            return true;
        }
        for (String p : JDK_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return false;
        }
        for (String p : packages) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
