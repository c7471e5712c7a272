package io.cachet.it.apps.faults;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The fault tests' source of truth: one version per record, a cached read that returns the
 * record's key and version, and an update that bumps the version and evicts the record's tag.
 * A value names its key and its version, so every call can be checked exactly: another key's
 * value is wrong, a version below one whose update had returned before the call started is stale.
 */
public class Records {

    public static final int MAX_KEYS = 4096;

    private final AtomicLongArray versions = new AtomicLongArray(MAX_KEYS);
    private final AtomicLongArray loads = new AtomicLongArray(MAX_KEYS);
    private final Gate gate = new Gate();
    /** How long a load takes after reading its version: the database's own time, simulated. */
    private volatile long loadNanos;

    @Cached(ttl = "1m", tags = {"rec:{0}"})
    public String read(int k) {
        loads.incrementAndGet(k);
        long v = versions.get(k);
        gate.pass(k);
        if (loadNanos > 0) {
            LockSupport.parkNanos(loadNanos);
        }
        return value(k, v);
    }

    /** @return the version the record has now; the eviction has landed (or is owed) when this returns */
    @Evicts(tags = {"rec:{0}"})
    public long update(int k) {
        return versions.incrementAndGet(k);
    }

    public static String value(int k, long version) {
        return "rec" + k + ":v" + version;
    }

    long version(int k) {
        return versions.get(k);
    }

    /** How often the body of {@link #read} ran for {@code k}: a call that did not add one was a hit. */
    long loads(int k) {
        return loads.get(k);
    }

    long totalLoads() {
        long sum = 0;
        for (int i = 0; i < MAX_KEYS; i++) {
            sum += loads.get(i);
        }
        return sum;
    }

    void loadTime(long micros) {
        loadNanos = TimeUnit.MICROSECONDS.toNanos(micros);
    }

    Gate gate() {
        return gate;
    }
}
