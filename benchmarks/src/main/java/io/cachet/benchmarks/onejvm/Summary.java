package io.cachet.benchmarks.onejvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one-JVM figures: medians over rounds of per-round ratios, and of absolute times. */
final class Summary {

    /** A target of issue 17, judged on the median ratio of the two contenders over the rounds. */
    static final String[][] TARGETS = {
        {"cachet-l2", "redisson-get", "1.0", "Cachet L2 hit ÷ raw Redisson GET"},
        {"cachet-l2", "jetcache-remote", "1.0", "Cachet L2 hit ÷ JetCache REMOTE hit"},
        {"cachet-l2", "spring-redisson", "1.0", "Cachet L2 hit ÷ Spring @Cacheable + Redisson hit"},
        {"cachet-near-unmodifiable", "chm-get", "10", "Cachet near hit, unmodifiable payload ÷ ConcurrentHashMap.get"},
        {"cachet-near-mutable", "jetcache-local", "0.5", "Cachet near hit, mutable payload ÷ JetCache LOCAL hit"},
        {"cachet-miss", "redisson-get", "2.5", "Cachet miss path ÷ raw Redisson GET"},
    };

    private Summary() {
    }

    static String baseline(Contender c) {
        return c.kind == Contender.Kind.REMOTE ? Contenders.REMOTE_BASELINE : Contenders.LOCAL_BASELINE;
    }

    /** Prints the tables; returns whether every contender was valid in every measured round. */
    static boolean print(List<Contender> all, List<SideBySide.Sample> samples, int rounds, String startLoad, String endLoad) {
        Map<String, Map<Integer, SideBySide.Sample>> byId = new HashMap<>();
        for (SideBySide.Sample s : samples) {
            byId.computeIfAbsent(s.contender.id, k -> new HashMap<>()).put(s.round, s);
        }
        boolean valid = true;
        System.out.println();
        System.out.printf(Locale.ROOT, "one JVM, %d rounds, load average %s at the start, %s at the end%n", rounds, startLoad, endLoad);
        System.out.println("targets (median over rounds of the ratio within each round; [quartiles]):");
        for (String[] t : TARGETS) {
            double[] r = ratios(byId.get(t[0]), byId.get(t[1]), false);
            if (r.length == 0) {
                System.out.printf(Locale.ROOT, "  %-62s not measured%n", t[3]);
                continue;
            }
            double m = median(r);
            System.out.printf(Locale.ROOT, "  %-62s %7.3f [%.3f–%.3f]  target ≤ %s: %s%n", t[3], m, quantile(r, 0.25),
                    quantile(r, 0.75), t[2], m <= Double.parseDouble(t[2]) ? "met" : "missed");
        }
        for (boolean prototypes : new boolean[] {false, true}) {
            System.out.println();
            System.out.println(prototypes ? "prototypes (diagnosis, benchmarks only):" : "contenders:");
            System.out.printf(Locale.ROOT, "  %-34s %14s %12s %22s %10s %9s %12s %12s %9s  %s%n", "", "median ns/op", "median p50", "÷ baseline [quartiles]",
                    "p50 ratio", "wake/call", "caller cpu", "process cpu", "alloc B", "check");
            for (Contender c : all) {
                if (c.prototype != prototypes) {
                    continue;
                }
                Map<Integer, SideBySide.Sample> mine = byId.getOrDefault(c.id, Map.of());
                List<String> problems = new ArrayList<>();
                for (SideBySide.Sample s : mine.values()) {
                    if (s.invalid != null) {
                        problems.add("round " + s.round + ": " + s.invalid);
                    }
                }
                // A round in which the contender loaded is left out of every ratio; the run fails
                // when that leaves too few (a Redis read past the agent's deadline on a loaded
                // machine runs the method once; a contender that misses by design fails every round).
                valid &= problems.size() * 4 <= mine.size() && problems.size() < mine.size();
                double[] means = mine.values().stream().mapToDouble(s -> s.meanNs).toArray();
                double[] p50s = mine.values().stream().mapToDouble(s -> s.p50Ns).filter(x -> !Double.isNaN(x)).toArray();
                double[] r = ratios(mine, byId.get(baseline(c)), false);
                double[] r50 = ratios(mine, byId.get(baseline(c)), true);
                double[] wakes = mine.values().stream().mapToDouble(s -> (double) ThreadSwitches.total(s.switches) / s.ops).toArray();
                double[] callerCpu = mine.values().stream().mapToDouble(s -> (double) s.callerCpuNs / s.ops).toArray();
                double[] processCpu = mine.values().stream().mapToDouble(s -> (double) s.processCpuNs / s.ops).toArray();
                double[] alloc = mine.values().stream().mapToDouble(s -> (double) s.callerAllocated / s.ops).toArray();
                System.out.printf(Locale.ROOT, "  %-34s %14s %12s %22s %10s %9s %12s %12s %9s  %s%n", c.id, ns(median(means)),
                        p50s.length == 0 ? "" : ns(median(p50s)),
                        r.length == 0 ? "" : String.format(Locale.ROOT, "%.3f [%.2f–%.2f]", median(r), quantile(r, 0.25), quantile(r, 0.75)),
                        r50.length == 0 ? "" : String.format(Locale.ROOT, "%.3f", median(r50)),
                        c.kind == Contender.Kind.REMOTE && wakes.length > 0 ? String.format(Locale.ROOT, "%.2f", median(wakes)) : "",
                        c.kind == Contender.Kind.REMOTE ? ns(median(callerCpu)) : "", c.kind == Contender.Kind.REMOTE ? ns(median(processCpu)) : "",
                        alloc.length == 0 ? "" : String.format(Locale.ROOT, "%.0f", median(alloc)),
                        problems.isEmpty() ? "ok" : (problems.size() * 4 <= mine.size() ? "left out: " : "INVALID ") + problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " rounds)" : ""));
            }
        }
        if (!valid) {
            System.out.println();
            System.out.println("INVALID: a contender loaded (or was served from another tier) in more than a quarter of the measured rounds; see above");
        }
        return valid;
    }

    /** Per round in which both were measured and valid: a's time divided by b's. */
    static double[] ratios(Map<Integer, SideBySide.Sample> a, Map<Integer, SideBySide.Sample> b, boolean p50) {
        if (a == null || b == null) {
            return new double[0];
        }
        List<Double> out = new ArrayList<>();
        for (Map.Entry<Integer, SideBySide.Sample> e : a.entrySet()) {
            SideBySide.Sample x = e.getValue();
            SideBySide.Sample y = b.get(e.getKey());
            if (y == null || x.invalid != null || y.invalid != null) {
                continue;
            }
            double num = p50 ? x.p50Ns : x.meanNs;
            double den = p50 ? y.p50Ns : y.meanNs;
            if (!Double.isNaN(num) && !Double.isNaN(den) && den > 0) {
                out.add(num / den);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double at = q * (s.length - 1);
        int lo = (int) Math.floor(at);
        int hi = (int) Math.ceil(at);
        return s[lo] + (s[hi] - s[lo]) * (at - lo);
    }

    private static String ns(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }
}
