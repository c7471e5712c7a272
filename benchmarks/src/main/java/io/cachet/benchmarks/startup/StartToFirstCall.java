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
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

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
 * <p>Both variants are also run from a class-data archive of their own, made by one training
 * run first ({@code plain-archived-…}, {@code agent-archived-…}): on JDK 17 a dynamic CDS
 * archive, which keeps the agent's classes only when dumping and running both allow a Java
 * agent ({@code -XX:+AllowArchivingWithJavaAgent}, a diagnostic flag); from JDK 25 an AOT
 * cache ({@code -XX:AOTCacheOutput}), which needs no such flag. The agent defines its classes
 * from {@code inst/} through its own loader, so this shows what an application that uses an
 * archive gets of the agent's start-up back.
 *
 * <p>Two more variants take the agent's start-up apart: {@code empty-agent-…} runs the same
 * application with {@link EmptyAgent}, whose {@code premain} does nothing (the JVM's own cost of
 * a Java agent), and {@code plain-late-…} and {@code agent-late-…} run {@link LateCachedApp}, whose
 * {@code main} class has no cached method and so waits for no weaving.
 *
 * <p>Arguments: runs per variant, output file. Needs {@code CACHET_REDIS_ADDRESS} (the agent
 * then starts in Redis mode, as in production); run from the repository root.
 */
public final class StartToFirstCall {

    private static final Path AGENT = Path.of("agent/target/cachet-agent.jar");

    /**
     * One way of starting an application: with Cachet, with another agent or none, from an
     * archive or not.
     *
     * @param agent the agent jar, or {@code null}
     */
    private record Variant(String name, Path agent, Class<?> app, Path archive) {

        /** Whether the agent is Cachet, so that the second call must be a hit. */
        boolean caches() {
            return AGENT.equals(agent);
        }

        List<String> runOptions() {
            if (archive == null) {
                return List.of();
            }
            return aotCache() ? List.of("-XX:AOTCache=" + archive) : withAgentArchiving("-XX:SharedArchiveFile=" + archive);
        }

        List<String> trainingOptions() {
            return aotCache() ? List.of("-XX:AOTCacheOutput=" + archive) : withAgentArchiving("-XX:ArchiveClassesAtExit=" + archive);
        }

        private List<String> withAgentArchiving(String option) {
            return agent != null ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+AllowArchivingWithJavaAgent", option) : List.of(option);
        }

        private static boolean aotCache() {
            return Runtime.version().feature() >= 25;
        }
    }

    private StartToFirstCall() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = Integer.parseInt(args[0]);
        Path archives = Files.createTempDirectory("cachet-startup-archives");
        List<Variant> variants = List.of(new Variant("plain", null, FirstHitApp.class, null),
                new Variant("agent", AGENT, FirstHitApp.class, null),
                new Variant("plain-archived", null, FirstHitApp.class, archives.resolve("plain.jsa")),
                new Variant("agent-archived", AGENT, FirstHitApp.class, archives.resolve("agent.jsa")),
                new Variant("empty-agent", emptyAgent(archives.resolve("empty-agent.jar")), FirstHitApp.class, null),
                new Variant("plain-late", null, LateCachedApp.class, null),
                new Variant("agent-late", AGENT, LateCachedApp.class, null));
        for (Variant v : variants) {
            if (v.archive() != null) {
                run(v, v.trainingOptions());
            }
            run(v, v.runOptions()); // unmeasured: the page cache
        }
        Map<String, List<Long>> times = new TreeMap<>();
        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[1])), true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < runs; i++) {
                for (Variant v : variants) {
                    Map<String, Long> run = run(v, v.runOptions());
                    for (Map.Entry<String, Long> e : run.entrySet()) {
                        String key = v.name() + "-" + e.getKey();
                        times.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getValue());
                        out.println(key + " " + e.getValue());
                    }
                }
            }
        }
        times.forEach((k, v) -> System.out.printf("%s: median of %d, %d ms%n", k, v.size(), median(v)));
    }

    /** A jar whose manifest names {@link EmptyAgent}, which the JVM finds on the class path of the run. */
    private static Path emptyAgent(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", EmptyAgent.class.getName());
        new JarOutputStream(Files.newOutputStream(jar), manifest).close(); // the manifest is all it holds
        return jar;
    }

    /** One run: milliseconds from launching {@code java} to each marker line. */
    private static Map<String, Long> run(Variant variant, List<String> options) throws IOException, InterruptedException {
        boolean caches = variant.caches();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        if (variant.agent() != null) {
            command.add("-javaagent:" + variant.agent());
        }
        Collections.addAll(command, "-cp", System.getProperty("java.class.path"), variant.app().getName(),
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
                } else if (line.equals("hit") || line.equals("not cached") && !caches) {
                    // Without Cachet there is no cache: its "first hit" is the end of the same two calls.
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
