package io.cachet.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void everyValueFallsInABucketThatHoldsIt() {
        for (long v = 0; v < 100_000; v += 7) {
            int i = LogHistogram.index(v);
            assertThat(LogHistogram.upperBound(i)).as("upper bound of " + v).isGreaterThan(v);
            assertThat(LogHistogram.upperBound(i)).as("within 25% of " + v).isLessThanOrEqualTo(Math.max(v + 1, (long) (v * 1.25) + 1));
        }
        assertThat(LogHistogram.index(Long.MAX_VALUE)).isLessThan(256);
    }

    @Test
    void quantilesAreReadFromTheBuckets() {
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(1_000_000);          // 1 ms
        }
        h.record(1_000_000_000);          // 1 s
        LogHistogram.Snapshot s = h.snapshot();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.sum()).isEqualTo(99 * 1_000_000L + 1_000_000_000L);
        assertThat(s.quantile(0.5)).isBetween(1_000_001L, 1_250_000L);
        assertThat(s.quantile(0.99)).isBetween(1_000_001L, 1_250_000L);
        assertThat(s.quantile(1.0)).isBetween(1_000_000_001L, 1_250_000_000L);
        assertThat(s.countBelow(1L << 20)).isEqualTo(99);   // 2^20 ns = 1.05 ms
        assertThat(s.countBelow(1L << 19)).isZero();
        assertThat(new LogHistogram().snapshot().quantile(0.5)).isZero();
    }

    @Test
    void negativeValuesCountAsZero() {
        LogHistogram h = new LogHistogram();
        h.record(-5);
        assertThat(h.snapshot().countBelow(8)).isEqualTo(1);
        assertThat(h.snapshot().sum()).isZero();
    }
}
