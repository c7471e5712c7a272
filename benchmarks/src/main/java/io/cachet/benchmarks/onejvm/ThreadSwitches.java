package io.cachet.benchmarks.onejvm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Thread hand-offs, counted: the kernel's context switches of every thread of this JVM
 * ({@code /proc/self/task/<tid>/status}), read around a measured batch. A thread that parks
 * waiting for another, or an event loop that sleeps in {@code epoll_wait} until woken, adds a
 * voluntary switch each time it blocks; so switches per call tell how many wake-ups a call costs
 * across all the threads it involves. Linux only; elsewhere nothing is counted.
 */
final class ThreadSwitches {

    private static final Path TASKS = Paths.get("/proc/self/task");

    private ThreadSwitches() {
    }

    /** Per thread id: its name (as the kernel has it) and voluntary + involuntary switches so far. */
    static Map<String, Object[]> snapshot() {
        Map<String, Object[]> out = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return out;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path t : tasks) {
                try {
                    List<String> status = Files.readAllLines(t.resolve("status"));
                    String name = "?";
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : status) {
                        if (line.startsWith("Name:")) {
                            name = line.substring(5).trim();
                        } else if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(24).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(27).trim());
                        }
                    }
                    out.put(t.getFileName().toString(), new Object[] {name, voluntary, involuntary});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** Voluntary switches between two snapshots by thread group (names without their numbers). */
    static Map<String, Long> voluntaryByGroup(Map<String, Object[]> before, Map<String, Object[]> after) {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<String, Object[]> e : after.entrySet()) {
            Object[] a = e.getValue();
            Object[] b = before.get(e.getKey());
            long d = (long) a[1] - (b == null ? 0 : (long) b[1]);
            if (d > 0) {
                out.merge(group((String) a[0]), d, Long::sum);
            }
        }
        return out;
    }

    static long total(Map<String, Long> byGroup) {
        long n = 0;
        for (long v : byGroup.values()) {
            n += v;
        }
        return n;
    }

    private static String group(String name) {
        return name.replaceAll("[-#_ ]?\\d+$", "").replaceAll("-\\d+-$", "");
    }
}
