package io.cachet.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A method named in the properties file: {@code fully.qualified.Class#method}, optionally with a
 * parameter list {@code (long,java.lang.String)}, with {@code *} wildcards in package, class and
 * method names. A {@code *} never crosses a {@code .}, except that a package part of just
 * {@code *} before the class (as in {@code com.acme.*.Repo}) stands for one package level.
 * Parameter types are matched by their full name or, for convenience, their simple name.
 */
public final class MethodPattern {

    private static final Pattern SYNTAX = Pattern.compile(
            "[A-Za-z_$*][A-Za-z0-9_$.*]*#[A-Za-z_$*][A-Za-z0-9_$*]*(\\([A-Za-z0-9_$.\\[\\], ]*\\))?");

    private final String text;
    private final String typeGlob;
    private final Pattern type;
    private final Pattern method;
    private final List<String> parameters;

    private MethodPattern(String text, String typeGlob, Pattern type, Pattern method, List<String> parameters) {
        this.text = text;
        this.typeGlob = typeGlob;
        this.type = type;
        this.method = method;
        this.parameters = parameters;
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static MethodPattern parse(String text) {
        String t = text.trim();
        if (!SYNTAX.matcher(t).matches()) {
            throw new IllegalArgumentException("not a method pattern (use com.acme.Class#method, "
                    + "optionally with (type,type) and * wildcards)");
        }
        int hash = t.indexOf('#');
        int paren = t.indexOf('(');
        String typePart = t.substring(0, hash);
        String methodPart = paren < 0 ? t.substring(hash + 1) : t.substring(hash + 1, paren);
        List<String> params = null;
        if (paren >= 0) {
            params = new ArrayList<>();
            String inside = t.substring(paren + 1, t.length() - 1).trim();
            if (!inside.isEmpty()) {
                for (String p : inside.split(",")) {
                    params.add(p.trim());
                }
            }
            params = Collections.unmodifiableList(params);
        }
        return new MethodPattern(t, typePart, wildcard(typePart), wildcard(methodPart), params);
    }

    private static Pattern wildcard(String glob) {
        StringBuilder re = new StringBuilder();
        for (String piece : glob.split("\\*", -1)) {
            if (re.length() > 0) {
                re.append("[^.]*");
            }
            re.append(Pattern.quote(piece));
        }
        return Pattern.compile(re.toString());
    }

    /** Whether a class of this name could declare a matching method. */
    public boolean matchesType(String typeName) {
        return type.matcher(typeName).matches();
    }

    /**
     * The longest run of the type part without wildcards, in internal form ({@code com/acme/Repo}):
     * every class that is, extends or implements a matching type names it in its constant pool,
     * so a class file without it can be passed over unparsed.
     */
    public String typeLiteral() {
        String longest = "";
        for (String piece : typeGlob.split("\\*")) {
            if (piece.length() > longest.length()) {
                longest = piece;
            }
        }
        return longest.replace('.', '/');
    }

    /**
     * @param parameterTypes the method's parameter types, erased, by full name (arrays as
     *     {@code java.lang.String[]})
     */
    public boolean matchesMethod(String methodName, List<String> parameterTypes) {
        if (!method.matcher(methodName).matches()) {
            return false;
        }
        if (parameters == null) {
            return true;
        }
        if (parameters.size() != parameterTypes.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            String want = parameters.get(i);
            String have = parameterTypes.get(i);
            if (!want.equals(have) && !want.equals(simpleName(have))) {
                return false;
            }
        }
        return true;
    }

    private static String simpleName(String typeName) {
        int dot = Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$'));
        return typeName.substring(dot + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
