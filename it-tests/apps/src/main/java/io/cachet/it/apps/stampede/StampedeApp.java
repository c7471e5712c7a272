package io.cachet.it.apps.stampede;

import io.cachet.it.apps.Counters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JVM of the stampede tests. {@code storm <slow|failing> <key> <threads> [virtual]} releases
 * that many threads together on one call and answers
 * {@code runs=<method runs> results=[...] errors=[...] slowestMs=<n>};
 * {@code count <name>} answers a run counter; {@code openGate} lets held reloads finish.
 */
public final class StampedeApp {

    private StampedeApp() {
    }

    public static void main(String[] args) throws Exception {
        Loader loader = new Loader();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("exit")) {
            String[] p = line.split(" ");
            if (p[0].equals("count")) {
                System.out.println("OK " + Counters.get(p[1]));
            } else if (p[0].equals("openGate")) {
                Loader.openGate();
                System.out.println("OK open");
            } else if (p[0].equals("steady")) {
                System.out.println("OK " + steady(loader, p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3])));
            } else if (p[0].equals("storm")) {
                System.out.println("OK " + storm(loader, p[1], p[2], Integer.parseInt(p[3]), p.length > 4));
            } else {
                System.out.println("EX unknown command " + p[0]);
            }
        }
    }

    private static String storm(Loader loader, String method, String key, int threads, boolean virtual) throws Exception {
        int before = Counters.get(method);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        Set<String> results = new ConcurrentSkipListSet<>();
        Set<String> errors = new ConcurrentSkipListSet<>();
        Set<Integer> errorIdentities = new ConcurrentSkipListSet<>();
        AtomicLong slowest = new AtomicLong();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Runnable call = () -> {
                ready.countDown();
                try {
                    go.await();
                    long t0 = System.nanoTime();
                    try {
                        results.add(call(loader, method, key));
                    } catch (Exception e) {
                        errors.add(e.getClass().getName() + ": " + e.getMessage());
                        errorIdentities.add(System.identityHashCode(e));
                    }
                    slowest.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                } catch (InterruptedException e) {
                    errors.add("interrupted");
                } finally {
                    done.countDown();
                }
            };
            started.add(virtual ? virtualThread(call) : new Thread(call));
        }
        started.forEach(Thread::start);
        ready.await();
        go.countDown();
        done.await();
        return "runs=" + (Counters.get(method) - before) + " results=" + new TreeSet<>(results) + " errors=" + errors
                + " distinctExceptions=" + errorIdentities.size() + " slowestMs=" + slowest.get();
    }

    private static String call(Loader loader, String method, String key) throws Exception {
        switch (method) {
            case "slow": return loader.slow(key);
            case "failing": return loader.failing(key);
            case "revalidated": return loader.revalidated(key);
            default: return loader.hot(key);
        }
    }

    /**
     * {@code steady <key> <seconds> <threads>}: calls {@code hot(key)} in a loop from each
     * thread; answers the calls made, the method's runs, and how many calls after the first
     * three seconds (warm-up) ran the load on the caller's own thread, i.e. missed (a count, not
     * a latency, so a busy machine does not change the answer).
     */
    private static String steady(Loader loader, String key, int seconds, int threads) throws Exception {
        int before = Counters.get("hot");
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long warm = start + 3_000_000_000L;
        AtomicLong calls = new AtomicLong();
        AtomicLong missed = new AtomicLong();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int runsBefore = Loader.hotRunsOnThisThread();
                        loader.hot(key);
                        calls.incrementAndGet();
                        if (t0 > warm && Loader.hotRunsOnThisThread() != runsBefore) {
                            missed.incrementAndGet();
                        }
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            all.add(th);
            th.start();
        }
        for (Thread th : all) {
            th.join();
        }
        return "calls=" + calls.get() + " runs=" + (Counters.get("hot") - before) + " missedAfterWarmup=" + missed.get();
    }

    /** Thread.ofVirtual() exists from Java 21; this class is compiled for 17. */
    private static Thread virtualThread(Runnable r) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class).invoke(builder, r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need Java 21+", e);
        }
    }
}
