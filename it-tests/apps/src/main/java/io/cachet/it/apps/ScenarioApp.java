package io.cachet.it.apps;

import io.cachet.it.apps.Model.Color;
import io.cachet.it.apps.Model.Item;
import io.cachet.it.apps.Model.Query;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The application the integration tests fork with the agent. It reads one command per line
 * ({@code <method> [argument]}, {@code count <name>}, {@code repeat <n> <method> <argument>},
 * {@code exit}) and answers one line: {@code OK <result>} or {@code EX <exception>: <message>}.
 */
public final class ScenarioApp {

    private ScenarioApp() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, Function<String, Object>> methods = methods();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.trim().split(" ", 2);
            String command = parts[0];
            String arg = parts.length > 1 ? parts[1] : "";
            if (command.equals("exit")) {
                break;
            }
            try {
                if (command.equals("count")) {
                    out.println("OK " + Counters.get(arg));
                } else if (command.equals("repeat")) {
                    out.println("OK " + repeat(methods, arg));
                } else {
                    Function<String, Object> m = methods.get(command);
                    if (m == null) {
                        out.println("EX unknown command " + command);
                    } else {
                        out.println("OK " + render(m.apply(arg)));
                    }
                }
            } catch (Throwable t) {
                Throwable cause = t instanceof Wrapped ? t.getCause() : t;
                out.println("EX " + cause.getClass().getName() + ": " + cause.getMessage());
            }
        }
    }

    /**
     * Runs a call n times; answers the slowest call in milliseconds, how many calls took longer
     * than 50 ms, and the distinct results.
     */
    private static String repeat(Map<String, Function<String, Object>> methods, String spec) {
        String[] p = spec.split(" ", 3);
        int n = Integer.parseInt(p[0]);
        Function<String, Object> m = methods.get(p[1]);
        String arg = p.length > 2 ? p[2] : "";
        long slowest = 0;
        int over50ms = 0;
        java.util.Set<String> results = new java.util.TreeSet<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            results.add(render(m.apply(arg)));
            long took = System.nanoTime() - t0;
            slowest = Math.max(slowest, took);
            over50ms += took > 50_000_000L ? 1 : 0;
        }
        return "slowestMs=" + slowest / 1_000_000 + " over50ms=" + over50ms + " results=" + results;
    }

    private static String render(Object v) {
        if (v instanceof int[]) {
            return Arrays.toString((int[]) v);
        }
        if (v instanceof Object[]) {
            return Arrays.deepToString((Object[]) v);
        }
        if (v instanceof CompletableFuture) {
            return "future:" + ((CompletableFuture<?>) v).join();
        }
        if (v instanceof java.util.Set) {
            return new java.util.TreeSet<>((java.util.Set<?>) v).toString();
        }
        return String.valueOf(v) + (v == null ? "" : " <" + v.getClass().getSimpleName() + ">");
    }

    private static Map<String, Function<String, Object>> methods() {
        Catalog c = new Catalog();
        Catalog.Inner inner = c.new Inner();
        Catalog.Box<String> box = new Catalog.Box<>();
        Catalog.Shop shop = new Catalog.Shop();
        Map<String, Function<String, Object>> m = new HashMap<>();
        m.put("describe", a -> c.describe(Long.parseLong(a)));
        m.put("square", a -> Catalog.square(Integer.parseInt(a)));
        m.put("secret", c::callSecret);
        m.put("twice", a -> c.twice(Long.parseLong(a)));
        m.put("findLong", a -> c.find(Long.parseLong(a)));
        m.put("findString", c::find);
        m.put("boxed", a -> c.boxed(Integer.parseInt(a)));
        m.put("digits", a -> c.digits(Integer.parseInt(a)));
        m.put("words", c::words);
        m.put("lengths", c::lengths);
        m.put("letters", c::letters);
        m.put("item", a -> c.item(Long.parseLong(a)));
        m.put("color", a -> c.color(Integer.parseInt(a)));
        m.put("maybe", c::maybe);
        m.put("price", c::price);
        m.put("later", c::later);
        m.put("nothingFound", c::nothingFound);
        m.put("nothingFoundUncachedNull", c::nothingFoundUncachedNull);
        m.put("failing", c::failing);
        m.put("ttlProbe", a -> c.ttlProbe(Integer.parseInt(a)));
        m.put("defaultTtl", a -> c.defaultTtl(Integer.parseInt(a)));
        m.put("sliding", a -> c.sliding(Integer.parseInt(a)));
        m.put("keyOf", a -> c.keyOf(keyArgument(a)));
        m.put("byItem", a -> c.byItem(new Item(Long.parseLong(a), "ignored", List.of())));
        m.put("withKeyParam", a -> {
            String[] p = a.split(" ");
            return c.withKeyParam(p[0], Locale.forLanguageTag(p[1]));
        });
        m.put("badTemplate", c::badTemplate);
        m.put("unknownProperty", a -> c.unknownProperty(new Item(1, a, List.of())));
        m.put("badTtl", c::badTtl);
        m.put("nothing", a -> {
            c.nothing();
            return "done";
        });
        m.put("anything", c::anything);
        m.put("guarded", c::guarded);
        m.put("slow", a -> {
            try {
                return c.slow(a);
            } catch (InterruptedException e) {
                throw new Wrapped(e);
            }
        });
        m.put("innerShout", inner::shout);
        m.put("boxTwiceOf", box::twiceOf);
        m.put("vat", shop::vat);
        Users users = new Users();
        m.put("users.findById", a -> users.findById(Long.parseLong(a)));
        m.put("users.greeting", a -> users.greeting("Hello", Long.parseLong(a)));
        m.put("users.count", a -> users.count());
        m.put("users.update", a -> {
            String[] p = a.split(" ", 2);
            users.update(new Users.User(Long.parseLong(p[0]), p[1]));
            return "updated";
        });
        m.put("users.rename", a -> {
            String[] p = a.split(" ", 2);
            users.rename(Long.parseLong(p[0]), p[1]);
            return "renamed";
        });
        m.put("users.reloadAll", a -> {
            users.reloadAll(a);
            return "reloaded";
        });
        m.put("users.failingBeforeInvocation", a -> {
            users.failingBeforeInvocation(Long.parseLong(a));
            return "unreachable";
        });
        m.put("users.failingAfterInvocation", a -> {
            users.failingAfterInvocation(Long.parseLong(a));
            return "unreachable";
        });
        m.put("users.save", a -> {
            String[] p = a.split(" ", 2);
            return users.save(new Users.User(Long.parseLong(p[0]), p[1]));
        });
        Bulk bulk = new Bulk();
        m.put("bulk.item", a -> {
            String[] p = a.split(" ");
            return bulk.item(p[0], Integer.parseInt(p[1]));
        });
        m.put("bulk.fill", a -> {
            String[] p = a.split(" ");
            int n = Integer.parseInt(p[1]);
            java.util.stream.IntStream.range(0, n).parallel().forEach(i -> bulk.item(p[0], i));
            return "filled " + n;
        });
        // The median time of 21 evictions of the group's tag, in microseconds.
        m.put("bulk.evictTimed", a -> {
            long[] micros = new long[21];
            for (int i = 0; i < micros.length; i++) {
                long t0 = System.nanoTime();
                bulk.evict(a);
                micros[i] = (System.nanoTime() - t0) / 1_000;
            }
            Arrays.sort(micros);
            return micros[micros.length / 2];
        });
        io.cachet.it.apps.legacy.LegacyUsers legacy = new io.cachet.it.apps.legacy.LegacyUsers();
        m.put("legacy.find", a -> legacy.find(Long.parseLong(a)));
        m.put("legacy.update", a -> {
            String[] p = a.split(" ", 2);
            legacy.update(Long.parseLong(p[0]), p[1]);
            return "updated";
        });
        m.put("legacy.save", a -> {
            String[] p = a.split(" ", 2);
            return legacy.save(Long.parseLong(p[0]), p[1]);
        });
        io.cachet.it.apps.legacy.PriceSource prices = new io.cachet.it.apps.legacy.CatalogPrices();
        io.cachet.it.apps.legacy.PremiumPrices premium = new io.cachet.it.apps.legacy.PremiumPrices();
        m.put("prices.price", prices::price);
        m.put("annotationsVisible", a -> {
            try {
                Class.forName("io.cachet.annotations.Cached");
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        });
        // Whether a class is on this application's class path (ApplicationClassPathIT).
        m.put("visible", a -> {
            try {
                Class.forName(a, false, ScenarioApp.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                return false;
            }
        });
        m.put("premium.rate", a -> premium.rate(Integer.parseInt(a)));
        // A method of a library from Maven Central, cached by configuration alone (and slow:
        // 20,000 rounds of PBKDF2). Answers the hash and how long the call took.
        m.put("h2.pbkdf2", a -> {
            long t0 = System.nanoTime();
            byte[] hash = org.h2.security.SHA256.getPBKDF2(a.getBytes(StandardCharsets.UTF_8),
                    "salt".getBytes(StandardCharsets.UTF_8), 20_000, 16);
            return java.util.HexFormat.of().formatHex(hash) + " " + (System.nanoTime() - t0) / 1_000_000 + "ms";
        });
        Ops.register(m);
        io.cachet.it.apps.faults.FaultCommands.register(m);
        // Loads (without calling) the class whose abstract @Cached method the agent must report.
        m.put("loadAbstract", a -> Catalog.Base.class.getName());
        return m;
    }

    /** Arguments of many kinds, built the same way in every JVM, to check keys are deterministic. */
    static Object keyArgument(String kind) {
        switch (kind) {
            case "null": return null;
            case "long": return 42L;
            case "string": return "hello, world";
            case "list": return List.of(1, 2L, "three");
            case "set": {
                // Insertion order differs between JVM runs only through hashing; make it explicit.
                java.util.Set<String> s = new HashSet<>(List.of("pear", "apple", "fig", "kiwi", "plum"));
                return s;
            }
            case "linkedSet": return new LinkedHashSet<>(List.of("plum", "kiwi", "fig", "apple", "pear"));
            case "map": {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("z", 1);
                m.put("a", List.of("x"));
                return m;
            }
            case "record": return new Item(7, "seven", List.of("t1", "t2"));
            case "enum": return Color.GREEN;
            case "array": return new int[] {3, 1, 2};
            case "pojo": return new Query("shoes", 2);
            case "long-text": return "x".repeat(5_000);
            case "binary": return new byte[] {0, 1, 2, (byte) 255};
            default: return kind;
        }
    }

    /** Carries a checked exception through a Function. */
    private static final class Wrapped extends RuntimeException {
        Wrapped(Throwable cause) {
            super(cause);
        }
    }
}
