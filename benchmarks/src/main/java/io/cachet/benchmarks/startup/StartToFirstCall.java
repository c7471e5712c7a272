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
import java.util.concurrent.TimeUnit;

/**
 * Whole-process start-up of the demo with and without the agent: from launching {@code java}
 * to the demo's line saying its first (cached) lookup returned. Runs are interleaved, so
 * whatever else the machine does weighs on both alike, after one unmeasured run of each
 * (page cache). Writes {@code agent|plain millis} lines, one per run. Not JMH: a JVM's start
 * cannot be measured from inside it.
 *
 * <p>Arguments: runs per variant, output file. Uses {@code CACHET_REDIS_ADDRESS} when set (the
 * agent then starts in Redis mode, connecting in the background), from the repository root.
 */
public final class StartToFirstCall {

    static final String MARKER = "pass 1: first lookup returned";
    private static final Path DEMO = Path.of("demo-app/target/cachet-demo-app.jar");
    private static final Path AGENT = Path.of("agent/target/cachet-agent.jar");

    private StartToFirstCall() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = Integer.parseInt(args[0]);
        List<Long> plain = new ArrayList<>();
        List<Long> agent = new ArrayList<>();
        millisToFirstCall(false);
        millisToFirstCall(true);
        try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[1])), true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < runs; i++) {
                long p = millisToFirstCall(false);
                long a = millisToFirstCall(true);
                plain.add(p);
                agent.add(a);
                out.println("plain " + p);
                out.println("agent " + a);
            }
        }
        System.out.printf("start to first call, median of %d: plain %d ms, agent %d ms%n", runs, median(plain), median(agent));
    }

    private static long millisToFirstCall(boolean withAgent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (withAgent) {
            command.add("-javaagent:" + AGENT);
        }
        // One lookup per pass: the process ends right after the call that is measured.
        Collections.addAll(command, "-jar", DEMO.toString(), "1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process demo = builder.start();
        long firstCall = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (firstCall < 0 && line.equals(MARKER)) {
                    firstCall = System.nanoTime();
                }
                output.add(line);
            }
        } finally {
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
        if (firstCall < 0) {
            throw new IllegalStateException("the demo never printed '" + MARKER + "' (exit " + demo.exitValue() + "):\n"
                    + String.join("\n", output));
        }
        return TimeUnit.NANOSECONDS.toMillis(firstCall - start);
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
