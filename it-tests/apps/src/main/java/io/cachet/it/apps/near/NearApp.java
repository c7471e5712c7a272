package io.cachet.it.apps.near;

import io.cachet.it.apps.Counters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link Shelf} (its directory is the system property {@code shelf.dir}) one command per
 * line, answering {@code OK <result>} or {@code EX <exception>}, like ScenarioApp:
 * {@code read|box|mutateBox <id>}, {@code write|writeKey|writeAll|save <id> <value>},
 * {@code count <name>}, and the two halves of the propagation measurement:
 * {@code pace <id> <n> <pauseMicros>} writes v1..vn with evictions and answers when each
 * eviction returned; {@code follow <id> <n> <timeoutMs>} reads until it sees vn and answers
 * when it first saw each value. Times are {@code System.nanoTime()}, which on Linux is
 * CLOCK_MONOTONIC, shared by the processes of one machine.
 */
public final class NearApp {

    private NearApp() {
    }

    public static void main(String[] args) throws Exception {
        Shelf shelf = new Shelf(Paths.get(System.getProperty("shelf.dir")));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            String[] p = line.trim().split(" ");
            try {
                out.println("OK " + run(shelf, p));
            } catch (Throwable t) {
                out.println("EX " + t);
            }
        }
    }

    private static Object run(Shelf shelf, String[] p) {
        switch (p[0]) {
            case "read": return shelf.read(Long.parseLong(p[1]));
            case "box": return shelf.box(Long.parseLong(p[1]));
            case "mutateBox": {
                Shelf.Box b = shelf.box(Long.parseLong(p[1]));
                b.items.add("MUTATED");
                return b;
            }
            case "write": shelf.write(Long.parseLong(p[1]), p[2]); return "done";
            case "writeKey": shelf.writeKey(Long.parseLong(p[1]), p[2]); return "done";
            case "writeAll": shelf.writeAll(Long.parseLong(p[1]), p[2]); return "done";
            case "save": return shelf.save(Long.parseLong(p[1]), p[2]);
            case "count": return Counters.get(p[1]);
            case "pace": return pace(shelf, Long.parseLong(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]));
            case "follow": return follow(shelf, Long.parseLong(p[1]), Integer.parseInt(p[2]), Long.parseLong(p[3]));
            default: throw new IllegalArgumentException("unknown command " + p[0]);
        }
    }

    private static String pace(Shelf shelf, long id, int n, long pauseMicros) {
        StringJoiner evicted = new StringJoiner(",");
        for (int i = 1; i <= n; i++) {
            shelf.write(id, "v" + i);
            evicted.add(Long.toString(System.nanoTime()));
            // Paces the load, so that the follower can see every value; nothing waits on it.
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pauseMicros));
        }
        return evicted.toString();
    }

    private static String follow(Shelf shelf, long id, int n, long timeoutMillis) {
        long[] firstSeen = new long[n + 1];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String last = "v" + n;
        String seen;
        do {
            seen = shelf.read(id);
            long now = System.nanoTime();
            if (seen.startsWith("v")) {
                int i = Integer.parseInt(seen.substring(1));
                if (i <= n && firstSeen[i] == 0) {
                    firstSeen[i] = now;
                }
            }
        } while (!seen.equals(last) && System.nanoTime() - deadline < 0);
        StringJoiner out = new StringJoiner(",");
        for (int i = 1; i <= n; i++) {
            out.add(Long.toString(firstSeen[i]));
        }
        return out.toString();
    }
}
