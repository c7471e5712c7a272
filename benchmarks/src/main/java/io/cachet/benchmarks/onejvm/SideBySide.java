package io.cachet.benchmarks.onejvm;

import io.cachet.benchmarks.Catalog;
import io.cachet.benchmarks.Seed;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Every contender of issue 17 in one JVM with the Cachet agent attached, timed in interleaved
 * rounds: each round runs every contender once for the same time budget, in an order rotated by
 * one each round, and every figure is divided by its baseline measured in that same round
 * (raw Redisson GET for remote reads, {@code ConcurrentHashMap.get} for local ones). A figure
 * is the median of those ratios over the rounds; the absolute medians are printed beside them.
 * Separate JVMs see different schedulers, JIT decisions and neighbours; contenders that share
 * one JVM and alternate within a second of each other see the same ones.
 *
 * <p>Around every measured batch the harness reads each contender's load count (and, for
 * Cachet, its JMX hit counters by tier): a round in which a hit contender loaded, or a Cachet
 * call was served from another tier than its own, is left out of every ratio, so nothing is
 * timed while missing; more than a quarter of a contender's rounds left out makes the run exit
 * with status 3.
 *
 * <p>Usage: {@code java -javaagent:agent/target/cachet-agent.jar -cp benchmarks.jar
 * io.cachet.benchmarks.onejvm.SideBySide OUT_DIR ROUNDS BUDGET_MS WARMUP_ROUNDS [main|all]}
 * with {@code CACHET_REDIS_ADDRESS} set; {@code all} (the default) adds the diagnosis
 * prototypes. Writes {@code onejvm-rounds.tsv}, {@code onejvm-contenders.tsv} and
 * {@code onejvm-info} to OUT_DIR and prints the summary.
 */
public final class SideBySide {

    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    static final int REMOTE_WARMUP_CALLS = 20_000;

    /** One contender in one round. */
    static final class Sample {
        final int round;
        final int position;
        final Contender contender;
        long ops;
        double meanNs;
        double p50Ns = Double.NaN;
        long loads;
        long expectedLoads;
        long tierDelta = -1;
        /** Voluntary context switches of all threads during the batch, by thread group. */
        Map<String, Long> switches = Map.of();
        /** CPU time of the calling thread, and of the whole process, during the batch. */
        long callerCpuNs = -1;
        long processCpuNs = -1;
        /** Bytes the calling thread allocated during the batch. */
        long callerAllocated = -1;
        String invalid;

        Sample(int round, int position, Contender contender) {
            this.round = round;
            this.position = position;
            this.contender = contender;
        }
    }

    private final List<Contender> contenders;
    private final Map<Contender, Integer> batch = new LinkedHashMap<>();
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long[] latencies = new long[1 << 16];

    SideBySide(List<Contender> contenders) {
        this.contenders = contenders;
        for (Contender c : contenders) {
            batch.put(c, 256);
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        // The peers' Spring contexts and Redisson clients keep non-daemon threads.
        System.exit(status);
    }

    private static int run(String[] args) throws Exception {
        Path out = Paths.get(args.length > 0 ? args[0] : "benchmarks/target/results");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        long budgetNanos = TimeUnit.MILLISECONDS.toNanos(args.length > 2 ? Long.parseLong(args[2]) : 150);
        int warmupRounds = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        String set = args.length > 4 ? args[4] : "all";
        boolean prototypes = !set.equals("main");
        String address = System.getenv("CACHET_REDIS_ADDRESS");
        if (address == null || address.isEmpty()) {
            throw new IllegalStateException("CACHET_REDIS_ADDRESS is not set: run benchmarks/run.sh");
        }
        Sink.requireBlackhole();
        Files.createDirectories(out);
        String startLoad = loadAverage();
        Instant started = Instant.now();

        Catalog catalog = new Catalog();
        awaitCachet(catalog);
        List<Contender> all = new ArrayList<>(Contenders.main(address, catalog));
        if (prototypes) {
            all.addAll(RemotePrototypes.all(address));
            all.addAll(NearPrototypes.all(address));
        }
        if (!set.equals("main") && !set.equals("all")) {
            // A list of contender ids: only those are timed (to profile a few); the others stay
            // idle until the JVM exits (some share a client with those timed).
            List<String> only = Arrays.asList(set.split(","));
            all.removeIf(c -> !only.contains(c.id));
        }
        SideBySide harness = new SideBySide(all);
        System.out.printf(Locale.ROOT, "one JVM: %d contenders, %d warm-up and %d measured rounds of %d ms each; load average %s%n",
                all.size(), warmupRounds, rounds, TimeUnit.NANOSECONDS.toMillis(budgetNanos), startLoad);
        // First every remote contender makes enough calls for the JIT to compile its path (C2
        // compiles a method after ~10,000 invocations): warm-up by time alone leaves a slow,
        // still-interpreted path at a few hundred calls a round, which then stays slow.
        for (Contender c : all) {
            if (c instanceof Contender.Remote) {
                for (int i = 0; i < REMOTE_WARMUP_CALLS; i++) {
                    Sink.consume(((Contender.Remote) c).call());
                }
            }
        }
        for (int r = 0; r < warmupRounds; r++) {
            harness.round(-1 - r, budgetNanos);
        }
        List<Sample> samples = new ArrayList<>();
        List<String> roundLoads = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            samples.addAll(harness.round(r, budgetNanos));
            roundLoads.add(loadAverage().split(" ")[0]);
        }
        String endLoad = loadAverage();
        for (Contender c : all) {
            c.close();
        }
        write(out, all, samples, started, startLoad, endLoad, roundLoads, budgetNanos);
        boolean valid = Summary.print(all, samples, rounds, startLoad, endLoad);
        return valid ? 0 : 3;
    }

    /** One round: every contender once, starting at a position that moves by one each round. */
    List<Sample> round(int round, long budgetNanos) throws Exception {
        int n = contenders.size();
        int shift = Math.floorMod(round, n);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Contender c = contenders.get((i + shift) % n);
            Sample s = new Sample(round, i, c);
            long loads = c.loads();
            long tier = tier(c);
            Map<String, Object[]> threads = round < 0 ? null : ThreadSwitches.snapshot();
            long callerCpu = THREADS.getCurrentThreadCpuTime();
            long processCpu = OS.getProcessCpuTime();
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            measure(c, s, budgetNanos, round < 0);
            s.callerAllocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
            s.callerCpuNs = THREADS.getCurrentThreadCpuTime() - callerCpu;
            s.processCpuNs = OS.getProcessCpuTime() - processCpu;
            if (threads != null) {
                s.switches = ThreadSwitches.voluntaryByGroup(threads, ThreadSwitches.snapshot());
            }
            s.loads = c.loads() - loads;
            s.expectedLoads = c.loadsPerCall() * s.ops;
            long tierAfter = tier(c);
            s.tierDelta = tier < 0 || tierAfter < 0 ? -1 : tierAfter - tier;
            if (s.loads != s.expectedLoads) {
                s.invalid = s.loads + " loads in " + s.ops + " calls (expected " + s.expectedLoads + ")";
            } else if (s.tierDelta >= 0 && s.tierDelta != s.ops) {
                s.invalid = s.tierDelta + " of " + s.ops + " calls counted as " + c.cachetTier();
            }
            out.add(s);
        }
        return out;
    }

    private void measure(Contender c, Sample s, long budgetNanos, boolean warmup) throws Exception {
        if (c instanceof Contender.Remote) {
            Contender.Remote remote = (Contender.Remote) c;
            long start = System.nanoTime();
            long end = start + budgetNanos;
            int i = 0;
            long sum = 0;
            while (true) {
                long t0 = System.nanoTime();
                Object v = remote.call();
                long t1 = System.nanoTime();
                Sink.consume(v);
                if (i == latencies.length) {
                    latencies = Arrays.copyOf(latencies, i * 2);
                }
                latencies[i++] = t1 - t0;
                sum += t1 - t0;
                if (t1 - end >= 0) {
                    break;
                }
            }
            s.ops = i;
            s.meanNs = (double) sum / i;
            long[] sorted = Arrays.copyOf(latencies, i);
            Arrays.sort(sorted);
            s.p50Ns = i % 2 == 1 ? sorted[i / 2] : (sorted[i / 2 - 1] + sorted[i / 2]) / 2.0;
        } else {
            Contender.Local local = (Contender.Local) c;
            int b = batch.get(c);
            long total = 0;
            long ops = 0;
            while (total < budgetNanos) {
                long t = local.run(b);
                total += t;
                ops += b;
                if (warmup && t < BATCH_NANOS && b < (1 << 24)) {
                    b *= 2; // batches of about a millisecond: the clock read is noise beside them
                }
            }
            batch.put(c, b);
            s.ops = ops;
            s.meanNs = (double) total / ops;
        }
    }

    /** The Cachet cache's JMX counter of the contender's tier, or -1 when there is none to read. */
    private long tier(Contender c) {
        if (c.cachetCache() == null) {
            return -1;
        }
        try {
            ObjectName name = new ObjectName("io.cachet:type=Cache,name=" + ObjectName.quote(c.cachetCache()));
            return ((Number) jmx.getAttribute(name, c.cachetTier())).longValue();
        } catch (Exception notPublished) {
            return -1;
        }
    }

    /** Waits (bounded) for the agent to serve Cachet's hits; fails rather than time uncached calls. */
    private static void awaitCachet(Catalog catalog) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Seed.cached(catalog) && Seed.nearCached(catalog)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!Seed.cached(catalog) || !Seed.nearCached(catalog)) {
            throw new IllegalStateException("Cachet serves no hits after 30 s: is the agent attached and CACHET_REDIS_ADDRESS up?");
        }
    }

    static String loadAverage() {
        try {
            String[] f = new String(Files.readAllBytes(Paths.get("/proc/loadavg"))).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "? ? ?";
        }
    }

    private static void write(Path out, List<Contender> all, List<Sample> samples, Instant started, String startLoad,
                              String endLoad, List<String> roundLoads, long budgetNanos) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("onejvm-contenders.tsv")))) {
            w.println("id\tkind\tprototype\tbaseline\twhat");
            for (Contender c : all) {
                w.println(String.join("\t", c.id, c.kind.name(), String.valueOf(c.prototype), Summary.baseline(c), c.what));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("onejvm-rounds.tsv")))) {
            w.println("round\tposition\tid\tops\tmean_ns\tp50_ns\tloads\texpected_loads\ttier_delta\tinvalid\tswitches\tswitches_by_thread\tcaller_cpu_ns\tprocess_cpu_ns\tcaller_alloc_bytes");
            for (Sample s : samples) {
                StringBuilder by = new StringBuilder();
                s.switches.forEach((k, v) -> by.append(by.length() == 0 ? "" : " ").append(k.replace(' ', '_')).append('=').append(v));
                w.println(String.format(Locale.ROOT, "%d\t%d\t%s\t%d\t%.3f\t%s\t%d\t%d\t%d\t%s\t%d\t%s\t%d\t%d\t%d", s.round, s.position, s.contender.id,
                        s.ops, s.meanNs, Double.isNaN(s.p50Ns) ? "" : String.format(Locale.ROOT, "%.1f", s.p50Ns), s.loads,
                        s.expectedLoads, s.tierDelta, s.invalid == null ? "" : s.invalid, ThreadSwitches.total(s.switches), by, s.callerCpuNs, s.processCpuNs, s.callerAllocated));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("onejvm-info")))) {
            w.println("started\t" + started);
            w.println("ended\t" + Instant.now());
            w.println("load_start\t" + startLoad);
            w.println("load_end\t" + endLoad);
            w.println("load_per_round\t" + String.join(" ", roundLoads));
            w.println("budget_ms\t" + TimeUnit.NANOSECONDS.toMillis(budgetNanos));
            w.println("jvm\t" + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            w.println("args\t" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        }
    }
}
