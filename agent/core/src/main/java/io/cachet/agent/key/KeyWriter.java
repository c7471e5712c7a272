package io.cachet.agent.key;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes argument values in a canonical text form and turns it into the key part of an entry.
 *
 * <p>The form is deterministic across JVMs and restarts: it depends only on values, never on
 * identity hash codes or on the iteration order of hash-based collections (sets and maps are
 * written sorted). Top-level values of tags are written plainly ({@code 42}, {@code ABC-7}) so
 * that {@code user:{0}} and {@code user:{0.id}} render the same tag; those of entry keys plainly
 * only when exactly of their declared type ({@link #argument}); inside collections and objects
 * values carry their type ({@code 42L}, {@code "x"}) so that {@code [1L]} and {@code ["1"]}
 * differ. Objects are written field by field with their simple class name.
 *
 * <p>A key part that is short and printable is kept readable; anything longer or with other
 * characters is replaced by {@code #} and 32 hex digits of its SHA-256, so a key's length is
 * bounded whatever the arguments are. The text is fed to the digest as it is produced, so even
 * a huge argument costs no more memory than the readable limit.
 */
public final class KeyWriter {

    /** Longest key part kept as text; beyond this it is hashed. */
    public static final int MAX_READABLE = 120;
    private static final int MAX_DEPTH = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Final types whose values {@link #argument} writes plainly: an entry key of one reads as a tag of it does. */
    private static final Set<String> PLAIN_FINAL_TYPES = Set.of("java.lang.String", "java.lang.Integer", "java.lang.Long",
            "java.lang.Short", "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Double",
            "java.lang.Float", "java.util.UUID");

    private final StringBuilder text = new StringBuilder(32);
    private MessageDigest digest;
    private boolean printable = true;
    /** Objects being written, to cut cycles; created only for structured arguments. */
    private IdentityHashMap<Object, Boolean> inProgress;
    private int depth;

    /** Appends template text as is. */
    public void literal(String s) {
        append(s);
    }

    /** Appends a top-level value, plainly. */
    public void value(Object v) {
        write(v, false);
    }

    /**
     * Appends an argument of an entry key: plainly when it is exactly of the type its parameter
     * (or property) declares, so that such keys stay readable ({@code 42} for a {@code long}); with
     * its type otherwise ({@code 42L}, {@code "42"}, {@code 42s}), because a parameter declared
     * {@code Object}, {@code Number} or an interface takes values that are equal as text and not
     * as values, and they must not share an entry.
     *
     * @param declaredType the declared class name (a primitive as its wrapper), or {@code null}
     *     to write the value with its type whatever it is
     */
    public void argument(Object v, String declaredType) {
        write(v, v != null && !exactly(v, declaredType));
    }

    private static boolean exactly(Object v, String declaredType) {
        Class<?> type = v instanceof Enum ? ((Enum<?>) v).getDeclaringClass() : v.getClass();
        return type.getName().equals(declaredType);
    }

    /**
     * Whether every value of this declared type is written plainly in an entry key, as a tag
     * writes it: the type is final and {@link #argument} writes its values plainly ({@code null}:
     * no declared type, always plain).
     */
    static boolean alwaysPlain(String declaredType) {
        return declaredType == null || PLAIN_FINAL_TYPES.contains(declaredType);
    }

    /** The key part: the text, or {@code #} and a hash when it is long or not printable. */
    public String keyPart() {
        if (digest == null && printable) {
            return text.toString();
        }
        flushToDigest();
        byte[] hash = digest.digest();
        char[] out = new char[33];
        out[0] = '#';
        for (int i = 0; i < 16; i++) {
            out[1 + 2 * i] = HEX[(hash[i] >> 4) & 0xf];
            out[2 + 2 * i] = HEX[hash[i] & 0xf];
        }
        return new String(out);
    }

    private void write(Object v, boolean typed) {
        if (v == null) {
            append("~");
        } else if (v instanceof String || v instanceof Character) {
            string(v.toString(), typed, v instanceof Character ? '\'' : '"');
        } else if (v instanceof Integer || v instanceof Boolean) {
            append(v.toString());
        } else if (v instanceof Long) {
            number(v, typed, "L");
        } else if (v instanceof Double) {
            number(v, typed, "d");
        } else if (v instanceof Float) {
            number(v, typed, "f");
        } else if (v instanceof Short) {
            number(v, typed, "s");
        } else if (v instanceof Byte) {
            number(v, typed, "b");
        } else if (v instanceof Enum) {
            Enum<?> e = (Enum<?>) v;
            if (typed) {
                append(e.getDeclaringClass().getSimpleName());
                append(".");
            }
            append(e.name());
        } else if (v instanceof byte[]) {
            bytes((byte[]) v);
        } else if (isValueType(v)) {
            if (typed) {
                append(v.getClass().getSimpleName());
                append("(");
            }
            string(v instanceof Locale ? ((Locale) v).toLanguageTag() : v.toString(), false, '"');
            if (typed) {
                append(")");
            }
        } else {
            structured(v);
        }
    }

    private void structured(Object v) {
        if (inProgress == null) {
            inProgress = new IdentityHashMap<>();
        }
        if (inProgress.put(v, Boolean.TRUE) != null) {
            append("^");
            return;
        }
        if (++depth > MAX_DEPTH) {
            throw new KeyException("argument nests deeper than " + MAX_DEPTH + " levels");
        }
        try {
            if (v.getClass().isArray()) {
                append("[");
                int n = Array.getLength(v);
                for (int i = 0; i < n; i++) {
                    separator(i);
                    write(Array.get(v, i), true);
                }
                append("]");
            } else if (v instanceof Set) {
                sorted("{", (Set<?>) v, "}");
            } else if (v instanceof Collection) {
                append("[");
                int i = 0;
                for (Object e : (Collection<?>) v) {
                    separator(i++);
                    write(e, true);
                }
                append("]");
            } else if (v instanceof Map) {
                List<String> entries = new ArrayList<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                    entries.add(rendered(e.getKey()) + "=" + rendered(e.getValue()));
                }
                sortedStrings("{", entries, "}");
            } else if (v instanceof Optional) {
                append("Optional(");
                ((Optional<?>) v).ifPresent(x -> write(x, true));
                append(")");
            } else {
                fields(v);
            }
        } finally {
            depth--;
            inProgress.remove(v);
        }
    }

    private void fields(Object v) {
        Class<?> type = v.getClass();
        if (type.getName().startsWith("java.") || type.getName().startsWith("javax.")) {
            throw new KeyException("no deterministic key form for " + type.getName());
        }
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod) && !f.isSynthetic()) {
                    fields.add(f);
                }
            }
        }
        fields.sort(Comparator.comparing(Field::getName).thenComparing(f -> f.getDeclaringClass().getName()));
        append(type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName());
        append("(");
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            separator(i);
            append(f.getName());
            append("=");
            try {
                f.setAccessible(true);
                write(f.get(v), true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new KeyException("cannot read field " + f.getName() + " of " + type.getName(), e);
            }
        }
        append(")");
    }

    private void sorted(String open, Collection<?> elements, String close) {
        List<String> rendered = new ArrayList<>(elements.size());
        for (Object e : elements) {
            rendered.add(rendered(e));
        }
        sortedStrings(open, rendered, close);
    }

    private void sortedStrings(String open, List<String> rendered, String close) {
        rendered.sort(null);
        append(open);
        for (int i = 0; i < rendered.size(); i++) {
            separator(i);
            append(rendered.get(i));
        }
        append(close);
    }

    /** An element rendered on its own, so that it can be sorted; never hashed. */
    private String rendered(Object element) {
        KeyWriter sub = new KeyWriter();
        sub.inProgress = new IdentityHashMap<>(inProgress);
        sub.depth = depth;
        sub.write(element, true);
        if (!sub.printable) {
            printable = false;
        }
        if (sub.digest != null) {
            // Too long to keep as text: its hash is just as canonical.
            return sub.keyPart();
        }
        return sub.text.toString();
    }

    private void separator(int index) {
        if (index > 0) {
            append(",");
        }
    }

    private void number(Object v, boolean typed, String suffix) {
        append(v.toString());
        if (typed) {
            append(suffix);
        }
    }

    private void string(String s, boolean typed, char quote) {
        if (typed) {
            append(String.valueOf(quote));
        }
        StringBuilder escaped = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean special = typed ? (c == quote || c == '%') : (c == ',' || c == '%' || c == '~' || c == '#');
            if (special) {
                if (escaped == null) {
                    escaped = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                escaped.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        append(escaped == null ? s : escaped.toString());
        if (typed) {
            append(String.valueOf(quote));
        }
    }

    private void bytes(byte[] b) {
        // Binary by nature: hashed whatever its length.
        printable = false;
        char[] hex = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            hex[2 * i] = HEX[(b[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[b[i] & 0xf];
        }
        append("0x");
        append(new String(hex));
    }

    private static boolean isValueType(Object v) {
        return v instanceof BigDecimal || v instanceof BigInteger || v instanceof UUID || v instanceof URI
                || v instanceof TemporalAccessor || v instanceof java.time.Duration || v instanceof java.time.Period
                || v instanceof java.time.ZoneId || v instanceof Currency || v instanceof Locale
                || v instanceof Class;
    }

    private void append(String s) {
        if (printable) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    printable = false;
                    break;
                }
            }
        }
        if (digest != null) {
            digest.update(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        text.append(s);
        if (text.length() > MAX_READABLE) {
            flushToDigest();
        }
    }

    private void flushToDigest() {
        if (digest == null) {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
            digest.update(text.toString().getBytes(StandardCharsets.UTF_8));
            text.setLength(0);
        }
    }
}
