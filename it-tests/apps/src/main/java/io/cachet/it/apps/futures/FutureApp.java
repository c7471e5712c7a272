package io.cachet.it.apps.futures;

import io.cachet.annotations.Cached;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cached method returning a {@code CompletableFuture} completed by another thread, as an
 * asynchronous client's are. Commands on standard input, in the {@code OK <result>} protocol:
 * {@code get <id>} (call, await), {@code runs}, and {@code roundtrips <n>}: for n fresh keys,
 * call, await, call again, await; it answers how often the method ran.
 */
public final class FutureApp {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final ExecutorService IO = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "app-io");
        t.setDaemon(true);
        return t;
    });

    private FutureApp() {
    }

    @Cached(ttl = "5m")
    public static CompletableFuture<String> find(String id) {
        RUNS.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> "value of " + id, IO);
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String run = Long.toString(System.nanoTime(), 36);
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            String[] p = line.split(" ");
            switch (p[0]) {
                case "get":
                    out.println("OK " + find(p[1]).get());
                    break;
                case "runs":
                    out.println("OK " + RUNS.get());
                    break;
                case "roundtrips": {
                    int before = RUNS.get();
                    for (int i = 0; i < Integer.parseInt(p[1]); i++) {
                        String id = run + "-" + i;
                        find(id).get();
                        find(id).get();
                    }
                    out.println("OK " + (RUNS.get() - before));
                    break;
                }
                default:
                    out.println("OK unknown command " + p[0]);
            }
        }
    }
}
