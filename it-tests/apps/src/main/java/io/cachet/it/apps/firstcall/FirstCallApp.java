package io.cachet.it.apps.firstcall;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A short {@code main} as a user's first try looks: it calls cached methods the moment it starts,
 * before anything could have warmed up. The program arguments are the calls, in order
 * ({@code find:<id>} or {@code change:<id>:<value>}); it prints one line with how often
 * {@code find}'s body ran and what each call returned, then answers commands on standard input
 * ({@code find <id>}, {@code runs}, {@code exit}) in the {@code OK <result>} protocol of the ITs.
 */
public final class FirstCallApp {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Map<String, String> DATA = new ConcurrentHashMap<>();

    private FirstCallApp() {
    }

    @Cached(ttl = "5m")
    public static String find(String id) {
        RUNS.incrementAndGet();
        return id + "=" + DATA.getOrDefault(id, "v0");
    }

    @Evicts(cache = "FirstCallApp.find", key = "{0}")
    public static void change(String id, String value) {
        DATA.put(id, value);
    }

    public static void main(String[] args) throws Exception {
        List<String> results = new ArrayList<>();
        for (String call : args) {
            String[] parts = call.split(":");
            if (parts[0].equals("find")) {
                results.add(find(parts[1]));
            } else {
                change(parts[1], parts[2]);
                results.add("changed " + parts[1]);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("runs=" + RUNS.get() + " results=" + results);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            String[] parts = line.split(" ");
            out.println(parts[0].equals("runs") ? "OK " + RUNS.get() : "OK " + find(parts[1]));
        }
    }
}
