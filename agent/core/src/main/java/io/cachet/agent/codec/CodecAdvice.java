package io.cachet.agent.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failure to encode (or to decode what was just encoded) into a {@link CodecException}
 * whose remedy is true: advice that only sends the reader round in circles is worse than none.
 * <ul>
 *   <li>An uninitialised lazy association: fetch it in the query, or return a DTO.</li>
 *   <li>A class outside the allow-list: {@code cachet.codec.allowed-packages} is advised only
 *       after a trial in this JVM showed that the result then round-trips (with every package
 *       it needed); a class generated at run time (a proxy, a lambda), which no other JVM could
 *       load, or a JDK class the codec does not rebuild, gets the advice to return something
 *       else instead.</li>
 *   <li>A module that does not open a package: the exact {@code --add-opens}.</li>
 * </ul>
 */
final class CodecAdvice {

    private static final Pattern NOT_OPENED = Pattern.compile("module (\\S+) does not \"opens ([^\"]+)\"");
    private static final int MAX_PACKAGES = 5;
    private static final String DTO = "return a value of your own types (a record or DTO) from the cached method";

    private CodecAdvice() {
    }

    /** Why {@code value} could not be encoded, and what would make it storable. */
    static CodecException ofEncode(Throwable failure, Object value, MethodCodec codec) {
        UninitialisedAssociation lazy = find(failure, UninitialisedAssociation.class);
        if (lazy != null) {
            return uninitialised(lazy, failure);
        }
        NotOnAllowList refused = find(failure, NotOnAllowList.class);
        if (refused != null) {
            return notAllowed(refused, value, codec, failure);
        }
        CodecException module = moduleAccess(failure, "it cannot be serialized");
        if (module != null) {
            return module;
        }
        if (failure instanceof StackOverflowError) {
            return new CodecException("it nests too deeply to serialize", DTO + " that is flatter", false, failure);
        }
        return new CodecException("it cannot be serialized: " + describe(failure), DTO, false, failure);
    }

    /** Why bytes this JVM has just encoded do not decode: the cache would be written and never served. */
    static CodecException ofVerify(Throwable failure, String reason) {
        String what = "its entries encode but do not decode, so nothing would ever be served from them (" + reason + ")";
        CodecException module = moduleAccess(failure, what);
        if (module != null) {
            return module;
        }
        return new CodecException(what, DTO, false, failure);
    }

    /** Why an entry read from the store does not decode here, and what would help. */
    static String ofRead(Throwable failure, String reason) {
        CodecException module = moduleAccess(failure, "its entries do not decode (" + reason + ")");
        if (module != null) {
            return module.explained();
        }
        NotOnAllowList refused = find(failure, NotOnAllowList.class);
        String message = reason;
        if (refused != null || message.contains("is not on Cachet's allow-list")) {
            return "its entries do not decode (" + reason + "): they were written by a JVM that allows more; give every "
                    + "JVM the same cachet.codec.allowed-packages";
        }
        if (find(failure, ClassNotFoundException.class) != null) {
            return "its entries do not decode (" + reason + "): they name a class this JVM does not have (another "
                    + "version of the application?); they are misses until rewritten";
        }
        return "its entries do not decode (" + reason + "); " + DTO;
    }

    private static CodecException uninitialised(UninitialisedAssociation lazy, Throwable failure) {
        String path = lazy.path();
        if (path.isEmpty()) {
            return new CodecException("it returned an uninitialised " + lazy.what + " (as getReferenceById does), "
                    + "which is never stored as an empty entity",
                    "cache a method that loads the entity (findById, a query), or return a DTO; such calls run uncached", true, failure);
        }
        String field = lazy.lastField();
        return new CodecException(path + " is an uninitialised lazy association (" + lazy.what + "), which is never stored "
                + "as null or empty", "fetch it in the query (JOIN FETCH, or @EntityGraph(attributePaths = \"" + field
                + "\")), or return a DTO; such calls run uncached", true, failure);
    }

    private static CodecException notAllowed(NotOnAllowList refused, Object value, MethodCodec codec, Throwable failure) {
        String name = refused.className;
        String reason = name + " is not on Cachet's allow-list";
        if (GeneratedClasses.isGenerated(name, value)) {
            return new CodecException(reason + "; it is generated at run time (a proxy or lambda), so no other JVM could "
                    + "decode it, and allowing its package would not help", DTO, false, failure);
        }
        if (isJdk(name)) {
            return new CodecException(reason + "; the codec does not rebuild this JDK class",
                    "return one the codec knows (ArrayList, HashMap, HashSet, an unmodifiable List/Set/Map, records, Optional)",
                    false, failure);
        }
        List<String> packages = new ArrayList<>();
        String missing = name;
        for (int i = 0; i < MAX_PACKAGES && missing != null; i++) {
            String pkg = packageOf(missing);
            if (pkg.isEmpty() || isJdk(missing) || GeneratedClasses.isGenerated(missing, null) || packages.contains(pkg)) {
                break;
            }
            packages.add(pkg);
            Object outcome = codec.trialWith(packages, value);
            if (outcome == null) {
                return new CodecException(reason, "add " + String.join(",", packages) + " to cachet.codec.allowed-packages "
                        + "in every JVM (tried: the result then round-trips)", false, failure);
            }
            NotOnAllowList next = outcome instanceof Throwable ? find((Throwable) outcome, NotOnAllowList.class) : null;
            if (next == null) {
                return new CodecException(reason + "; even with " + String.join(",", packages) + " allowed it would not "
                        + "round-trip (" + (outcome instanceof Throwable ? describe((Throwable) outcome) : outcome) + "), so "
                        + "allowing it would not help", DTO, false, failure);
            }
            missing = next.className;
        }
        return new CodecException(reason + "; it is built from classes of more than " + packages.size()
                + " packages the codec would have to allow", DTO, false, failure);
    }

    /** A failure caused by a module that does not open a package to Cachet, with the exact option that opens it. */
    private static CodecException moduleAccess(Throwable failure, String what) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals("java.lang.reflect.InaccessibleObjectException") && t.getMessage() != null) {
                Matcher m = NOT_OPENED.matcher(t.getMessage());
                if (m.find()) {
                    return new CodecException(what + ": module " + m.group(1) + " does not open " + m.group(2)
                            + " to Cachet", "start the JVM with --add-opens " + m.group(1) + "/" + m.group(2)
                            + "=ALL-UNNAMED (Cachet's codec runs in an unnamed module), or " + DTO, false, failure);
                }
            }
        }
        return null;
    }

    static boolean isJdk(String name) {
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }

    private static String packageOf(String className) {
        String n = className;
        while (n.startsWith("[")) {
            n = n.substring(1);
        }
        if (n.startsWith("L") && n.endsWith(";")) {
            n = n.substring(1, n.length() - 1);
        }
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(0, dot);
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root instanceof com.esotericsoftware.kryo.KryoException) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (m != null) {
            int nl = m.indexOf('\n');
            m = nl > 0 ? m.substring(0, nl) : m;
        }
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
