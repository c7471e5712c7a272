package io.cachet.it.spring.stress;

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
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The consistency test's transactional JVM, speaking the plain JDBC JVMs' protocol (see the
 * test's StressApp): after a line on stdin, threads read and update random rows for a while,
 * updates in Spring transactions that commit up to 20 ms after their eviction; then every
 * operation is written with its real-time interval, {@code R id start end version} and
 * {@code W id start end newVersion}, a write's end being when its transaction had committed.
 *
 * <p>Arguments: jdbc url, threads, milliseconds, rows, output file.
 */
public final class TxStressApp {

    private TxStressApp() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("app.jdbc.url", args[0]);
        int threads = Integer.parseInt(args[1]);
        long millis = Long.parseLong(args[2]);
        int rows = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(StressConfig.class)) {
            Inventory inventory = context.getBean(Inventory.class);
            InventoryService service = context.getBean(InventoryService.class);
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
                            if (dice < 7) {
                                long v = inventory.version(id);
                                log.add("R " + id + " " + start + " " + System.nanoTime() + " " + v);
                            } else {
                                long v = service.bump(id, dice >= 9);
                                log.add("W " + id + " " + start + " " + System.nanoTime() + " " + v);
                            }
                        }
                    } catch (Exception e) {
                        log.add("E " + e);
                    } finally {
                        done.countDown();
                    }
                }, "tx-stress-" + t).start();
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
}
