package io.cachet.it.apps.stress;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One JVM of the consistency test. Waits for a line on stdin, then runs threads that read and
 * update random rows for a while, and writes every operation with its real-time interval
 * ({@link System#nanoTime()}, the machine's monotonic clock, shared by all processes on Linux):
 * {@code R id start end version} and {@code W id start end newVersion}.
 *
 * <p>Arguments: jdbc url, threads, milliseconds, rows, output file.
 */
public final class StressApp {

    private StressApp() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]);
        int rows = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        Inventory inventory = new Inventory(url);
        // Warm up code paths and connections, so the run measures the cache, not a cold JVM.
        for (int i = 0; i < 200; i++) {
            inventory.version(i % rows);
        }
        System.err.println("[stress] warmed up");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        List<List<String>> logs = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + millis * 1_000_000;
        for (int t = 0; t < threads; t++) {
            List<String> log = new ArrayList<>();
            logs.add(log);
            new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        int id = random.nextInt(rows);
                        int dice = random.nextInt(10);
                        long start = System.nanoTime();
                        if (dice < 8) {
                            long v = inventory.version(id);
                            log.add("R " + id + " " + start + " " + System.nanoTime() + " " + v);
                        } else {
                            long v = dice == 8 ? inventory.bump(id) : inventory.bumpThrough(id);
                            log.add("W " + id + " " + start + " " + System.nanoTime() + " " + v);
                        }
                    }
                } catch (Exception e) {
                    log.add("E " + e);
                } finally {
                    done.countDown();
                }
            }, "stress-" + t).start();
        }
        done.await();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            for (List<String> log : logs) {
                log.forEach(w::println);
            }
        }
        System.out.println("OK done");
    }
}
