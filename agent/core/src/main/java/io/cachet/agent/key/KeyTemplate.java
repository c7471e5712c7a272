package io.cachet.agent.key;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A parsed key or tag template such as {@code "user:{0.id}"} or {@code "{sku}-{1}"}: literal
 * text and placeholders, each naming an argument and an optional property path. Parsed and
 * checked against the method's signature once, when the method is instrumented; rendering it
 * on a call cannot fail for a reason known up front.
 */
public final class KeyTemplate {

    /** One argument reference: {@code {index.path.path}}. */
    public static final class Placeholder {
        private final int argument;
        private final List<String> path;
        /**
         * The class name the value is declared as (the parameter's, or the path's last property's),
         * or {@code null} when none was given; see {@link KeyWriter#argument}.
         */
        private final String declaredType;

        Placeholder(int argument, List<String> path, String declaredType) {
            this.argument = argument;
            this.path = path;
            this.declaredType = declaredType;
        }

        public int argument() {
            return argument;
        }

        /** Property names applied in order to the argument; empty for the argument itself. */
        public List<String> path() {
            return path;
        }
    }

    private final String text;
    /** Alternating parts: {@link String} literals and {@link Placeholder}s. */
    private final List<Object> parts;

    private KeyTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * @param parameterIndex resolves a parameter name to its index, or -1 when the method has
     *     no such parameter (or was compiled without {@code -parameters})
     * @throws IllegalArgumentException saying what is wrong, for the instrumentation report
     */
    public static KeyTemplate parse(String text, int parameterCount, ToIntFunction<String> parameterIndex) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                throw new IllegalArgumentException("'}' without '{' at position " + i);
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int close = text.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("'{' at position " + i + " is never closed");
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            parts.add(placeholder(text.substring(i + 1, close), parameterCount, parameterIndex));
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
        return new KeyTemplate(text, Collections.unmodifiableList(parts));
    }

    private static Placeholder placeholder(String inside, int parameterCount, ToIntFunction<String> parameterIndex) {
        String[] segments = inside.split("\\.", -1);
        for (String s : segments) {
            if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0)) && !isIndex(s)) {
                throw new IllegalArgumentException("'{" + inside + "}' is not {index}, {index.property} or {parameterName}");
            }
        }
        int argument;
        if (isIndex(segments[0])) {
            argument = Integer.parseInt(segments[0]);
            if (argument >= parameterCount) {
                throw new IllegalArgumentException("'{" + inside + "}': argument " + argument
                        + " is out of range (the method has " + parameterCount + " parameter" + (parameterCount == 1 ? ")" : "s)"));
            }
        } else {
            argument = parameterIndex.applyAsInt(segments[0]);
            if (argument < 0) {
                throw new IllegalArgumentException("'{" + inside + "}': no parameter named '" + segments[0]
                        + "' (names need javac -parameters; or use its index)");
            }
        }
        List<String> path = new ArrayList<>();
        for (int s = 1; s < segments.length; s++) {
            if (isIndex(segments[s])) {
                throw new IllegalArgumentException("'{" + inside + "}': '" + segments[s] + "' is not a property name");
            }
            path.add(segments[s]);
        }
        return new Placeholder(argument, Collections.unmodifiableList(path), null);
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 3) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A template of the given arguments, comma-separated: the default key. */
    public static KeyTemplate ofArguments(List<Integer> arguments) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int a : arguments) {
            if (!parts.isEmpty()) {
                parts.add(",");
                text.append(',');
            }
            parts.add(new Placeholder(a, List.of(), null));
            text.append('{').append(a).append('}');
        }
        return new KeyTemplate(text.toString(), Collections.unmodifiableList(parts));
    }

    /**
     * This template with the declared type of each placeholder's value, in the order of
     * {@link #placeholders()}: a key part then tells apart values that are equal as text but not as
     * values ({@code 42}, {@code "42"}, {@code 42L}) when a parameter does not pin their type
     * ({@link KeyWriter#argument}).
     *
     * @param declaredTypes class names (primitives as their wrappers); {@code java.lang.Object}
     *     where the type cannot be told from the declaration
     */
    public KeyTemplate declaring(List<String> declaredTypes) {
        List<Object> typed = new ArrayList<>(parts.size());
        int next = 0;
        for (Object p : parts) {
            if (p instanceof Placeholder) {
                Placeholder ph = (Placeholder) p;
                typed.add(new Placeholder(ph.argument, ph.path, declaredTypes.get(next++)));
            } else {
                typed.add(p);
            }
        }
        if (next != declaredTypes.size()) {
            throw new IllegalArgumentException(declaredTypes.size() + " declared types for " + next + " placeholders");
        }
        return new KeyTemplate(text, Collections.unmodifiableList(typed));
    }

    /**
     * The arguments this template renders, in order, when it is made of whole arguments and
     * literal text only (no property paths); {@code null} otherwise.
     */
    public int[] wholeArguments() {
        List<Placeholder> placeholders = placeholders();
        int[] out = new int[placeholders.size()];
        for (int i = 0; i < out.length; i++) {
            if (!placeholders.get(i).path.isEmpty()) {
                return null;
            }
            out[i] = placeholders.get(i).argument;
        }
        return out;
    }

    /**
     * Whether {@code other} renders the same values into the same key part: its placeholders are
     * declared as this template's are (a write-through's key and its cache's).
     */
    public boolean declaredLike(KeyTemplate other) {
        List<Placeholder> mine = placeholders();
        List<Placeholder> theirs = other.placeholders();
        if (mine.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < mine.size(); i++) {
            if (!Objects.equals(mine.get(i).declaredType, theirs.get(i).declaredType)) {
                return false;
            }
        }
        return true;
    }

    public List<Placeholder> placeholders() {
        List<Placeholder> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof Placeholder) {
                out.add((Placeholder) p);
            }
        }
        return out;
    }

    /** How values are written into a rendering: see {@link KeyWriter}. */
    public enum Form {
        /** Every value plainly ({@code 42}): tags, which must render alike whatever a method declares. */
        PLAIN,
        /** Plainly when the value is exactly of its declared type, else with its type: entry keys. */
        DECLARED,
        /** Every value with its type ({@code 42L}, {@code "42"}). */
        TYPED
    }

    /**
     * Renders the template for one call into {@code out}, every value plainly (a tag).
     *
     * @throws KeyException when an argument cannot be rendered deterministically
     */
    public void render(Object[] args, KeyWriter out) {
        render(args, out, Form.PLAIN);
    }

    /**
     * Renders the template for one call into {@code out}, in {@code form}.
     *
     * @throws KeyException when an argument cannot be rendered deterministically
     */
    public void render(Object[] args, KeyWriter out, Form form) {
        for (Object part : parts) {
            if (part instanceof String) {
                out.literal((String) part);
            } else {
                Placeholder p = (Placeholder) part;
                Object value = args[p.argument];
                for (String property : p.path) {
                    value = value == null ? null : PropertyReader.read(value, property);
                }
                if (form == Form.PLAIN || form == Form.DECLARED && p.declaredType == null) {
                    // No declared type given (a template made without a signature): as before types were declared.
                    out.value(value);
                } else {
                    out.argument(value, form == Form.TYPED ? null : p.declaredType);
                }
            }
        }
    }

    /**
     * Renders this (tag) template for the entry whose key part, rendered from {@code key}, is
     * {@code keyPart}, without the arguments: possible when the key is one argument as is (not a
     * hash) and every placeholder here is that same argument as is. That is how a write-through,
     * which knows only the key, finds the tags of the entry it writes.
     *
     * @return whether it could; when not, {@code out} holds nothing useful
     */
    public boolean renderForKey(KeyTemplate key, String keyPart, KeyWriter out) {
        if (key.parts.size() != 1 || !(key.parts.get(0) instanceof Placeholder) || keyPart.startsWith("#")) {
            return false;
        }
        Placeholder keyArgument = (Placeholder) key.parts.get(0);
        if (!keyArgument.path.isEmpty() || !KeyWriter.alwaysPlain(keyArgument.declaredType)) {
            // A key part with a type marker is not what a tag renders the same value as.
            return false;
        }
        for (Object part : parts) {
            if (part instanceof String) {
                out.literal((String) part);
            } else {
                Placeholder p = (Placeholder) part;
                if (p.argument != keyArgument.argument || !p.path.isEmpty()) {
                    return false;
                }
                out.literal(keyPart);
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
