package io.cachet.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One phase (or window) of the fault workload as the application reported it
 * ({@code io.cachet.it.apps.faults.Tally}): every read and update counted, with the checks'
 * verdicts and a few verbatim examples of what went wrong.
 *
 * @param loads read bodies that ran during the phase: reads minus loads were served from the cache
 * @param slow calls that took longer than 1 s
 */
public record WorkloadTally(String name, long reads, long updates, long loads, long exceptions, long wrong, long stale,
                            long slow, long maxMs, String examples) {

    private static final Pattern TALLY = Pattern.compile("(\\S+) reads=(\\d+) updates=(\\d+) loads=(-?\\d+) exceptions=(\\d+)"
            + " wrong=(\\d+) stale=(\\d+) slow=(\\d+) maxMs=(\\d+) examples=(\\[.*])");

    public static WorkloadTally parse(String rendered) {
        Matcher m = TALLY.matcher(rendered.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a workload tally: " + rendered);
        }
        return new WorkloadTally(m.group(1), n(m, 2), n(m, 3), n(m, 4), n(m, 5), n(m, 6), n(m, 7), n(m, 8), n(m, 9), m.group(10));
    }

    /** A {@code workload.report}: the phases in order. */
    public static List<WorkloadTally> parseReport(String report) {
        List<WorkloadTally> out = new ArrayList<>();
        for (String phase : report.split(" \\| ")) {
            out.add(parse(phase));
        }
        return out;
    }

    private static long n(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }

    /** The share of reads served from the cache (0 when there were none). */
    public double hitRatio() {
        return reads == 0 ? 0 : Math.max(0, reads - loads) / (double) reads;
    }

    @Override
    public String toString() {
        return String.format("%s: %d reads (%.0f%% hits), %d updates, %d exceptions, %d wrong, %d stale, %d over 1 s (max %d ms) %s",
                name, reads, 100 * hitRatio(), updates, exceptions, wrong, stale, slow, maxMs, examples);
    }
}
