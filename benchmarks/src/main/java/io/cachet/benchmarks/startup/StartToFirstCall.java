package io.cachet.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Whole-process start-up of {@link FirstHitApp} with and without the agent: from launching
 * {@code java} to its {@code main} line, and to its {@code hit} line (the second call of a key,
 * served from Redis: the first call served from the cache). Runs are interleaved, so whatever
 * else the machine does weighs on both alike, after one unmeasured run of each (page cache).
 * Each agent run uses a key no earlier run stored, so its first call is a real miss. Writes
 * {@code <variant>-<marker> millis} lines ({@code plain-main}, {@code agent-hit}, ...; {@code agent-uncached}
 * for a run whose second call was not served from the cache, counted apart). Not JMH:
 * a JVM's start cannot be measured from inside it.
 *
 * <p>Arguments: runs per variant, output file. Needs {@code CACHET_REDIS_ADDRESS} (the agent
 * then starts in Redis mode, as in production); run from the repository root.
 */
public final class StartToFirstCall {

    private static final Path AGENT = Path.of("agent/target/cachet-agent.jar");

    private StartToFirstCall() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = Integer.parseInt(args[0]);
        Map<String, List<Long>> times = new TreeMap<>();
        run(false);
        run(true);
        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[1])), true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < runs; i++) {
                for (boolean agent : new boolean[] {false, true}) {
                    Map<String, Long> run = run(agent);
                    for (Map.Entry<String, Long> e : run.entrySet()) {
                        String key = (agent ? "agent-" : "plain-") + e.getKey();
                        times.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getValue());
                        out.println(key + " " + e.getValue());
                    }
                }
            }
        }
        times.forEach((k, v) -> System.out.printf("%s: median of %d, %d ms%n", k, v.size(), median(v)));
    }

    /** One run: milliseconds from launching {@code java} to each marker line. */
    private static Map<String, Long> run(boolean withAgent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add("-javaagent:" + AGENT);
        }
        Collections.addAll(command, "-cp", System.getProperty("java.class.path"), FirstHitApp.class.getName(),
                UUID.randomUUID().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process app = builder.start();
        Map<String, Long> seen = new TreeMap<>();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (line.equals("main")) {
                    seen.putIfAbsent("main", millis);
                } else if (line.equals("hit") || line.equals("not cached") && !withAgent) {
                    // Without the agent there is no cache: its "first hit" is the end of the same two calls.
                    seen.putIfAbsent("hit", millis);
                } else if (line.equals("not cached")) {
                    // Reported, not hidden: a run whose second call missed is not a fast run.
                    seen.putIfAbsent("uncached", millis);
                }
                output.add(line);
            }
        } finally {
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
        if (!seen.containsKey("main") || !seen.containsKey("hit") && !seen.containsKey("uncached")) {
            throw new IllegalStateException("the application did not print its markers:\n" + String.join("\n", output));
        }
        return seen;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
