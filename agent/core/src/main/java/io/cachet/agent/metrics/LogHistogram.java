package io.cachet.agent.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram of non-negative longs (nanoseconds, bytes) in fixed log-scale buckets: four per
 * power of two, so a quantile read from it is within 25% of the truth. Recording is one
 * {@link LongAdder} increment per bucket plus the sum: no lock, no allocation.
 *
 * <p>Bucket {@code 4*e + s} (for {@code e >= 2}) holds values in
 * {@code [(4+s) << (e-2), (5+s) << (e-2))}; values 0 to 7 have a bucket each.
 */
public final class LogHistogram {

    private static final int BUCKETS = 4 * 64;

    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAdder sum = new LongAdder();

    public LogHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long value) {
        long v = Math.max(0, value);
        buckets[index(v)].increment();
        sum.add(v);
    }

    static int index(long v) {
        if (v < 8) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) ((v >>> (exp - 2)) & 3);
        return 4 * exp + sub;
    }

    /** The smallest value bucket {@code i} does not hold. */
    static long upperBound(int i) {
        if (i < 8) {
            return i + 1;
        }
        int exp = i / 4;
        int sub = i % 4;
        return exp >= 62 ? Long.MAX_VALUE : (long) (5 + sub) << (exp - 2);
    }

    /** A copy of the counts, so that one report is consistent with itself. */
    public Snapshot snapshot() {
        long[] counts = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = buckets[i].sum();
        }
        return new Snapshot(counts, sum.sum());
    }

    /** Counts at one moment. */
    public static final class Snapshot {
        private final long[] counts;
        private final long sum;
        private final long count;

        Snapshot(long[] counts, long sum) {
            this.counts = counts;
            this.sum = sum;
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            this.count = n;
        }

        public long count() {
            return count;
        }

        public long sum() {
            return sum;
        }

        public double mean() {
            return count == 0 ? 0 : (double) sum / count;
        }

        /** The upper bound of the bucket holding quantile {@code q} (0..1); 0 when empty. */
        public long quantile(double q) {
            if (count == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(q * count));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return upperBound(i);
                }
            }
            return upperBound(counts.length - 1);
        }

        /** How many values are below {@code bound}, which must be a power of two of at least 8. */
        public long countBelow(long bound) {
            long n = 0;
            for (int i = 0; i < counts.length && upperBound(i) <= bound; i++) {
                n += counts[i];
            }
            return n;
        }
    }
}
