package io.cachet.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;


/**
 * Every cached read the reader JVMs of a transaction test made, checked against what the writer
 * committed. Times are {@link System#nanoTime()}, which every process on the machine shares.
 */
public final class ReadHistory {

    /** One call: {@code R <method> <start> <end> <value> <loaded>} as the test applications write it. */
    public record Read(String method, long start, long end, long value, boolean loaded) {
    }

    /** A writer's transaction: its new value, when its eviction returned, when it was told to end and when it had. */
    public record Transaction(long value, long evicted, long released, long returned, boolean committed) {
    }

    /**
     * The longest a near cache in another JVM may take to hear of an eviction in these tests: the
     * README's NearCacheIT figures are a 68 ms maximum on a quiet machine; here two cores run
     * three JVMs and Maven, so allow more, but far less than the 30 s near TTL that a missed
     * eviction would leave.
     */
    public static final double NEAR_ANNOUNCEMENT_MILLIS = 1_000;

    private final List<Read> reads = new ArrayList<>();

    public ReadHistory(List<Path> files) {
        try {
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split(" ");
                    reads.add(new Read(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), f[5].equals("1")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Read> reads() {
        return reads;
    }

    /** A read that began after a commit had returned and returned an older value than it committed. */
    public record Stale(Read read, Transaction commit) {
        /** How long after the commit had returned the read began. */
        public double millisAfter() {
            return (read.start() - commit.returned()) / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%s returned %d %.1f ms after the commit of %d had returned (%s)", read.method(), read.value(),
                    millisAfter(), commit.value(), read.loaded() ? "loaded" : "from the cache");
        }
    }

    /** Every stale read: one that began after a commit had returned and returned an older value (values only grow). */
    public List<Stale> staleAfterCommits(List<Transaction> transactions) {
        List<Transaction> commits = transactions.stream().filter(Transaction::committed)
                .sorted(Comparator.comparingLong(Transaction::returned)).toList();
        List<Stale> stale = new ArrayList<>();
        for (Read r : reads) {
            Transaction latest = null;
            for (Transaction t : commits) {
                if (t.returned() < r.start()) {
                    latest = t;
                }
            }
            if (latest != null && r.value() < latest.value()) {
                stale.add(new Stale(r, latest));
            }
        }
        return stale;
    }

    /** Reads that returned a value no transaction committed. */
    public List<Read> returning(Set<Long> values) {
        return reads.stream().filter(r -> values.contains(r.value())).toList();
    }

    /**
     * After a commit has returned, a read through Redis never returns an older value. A near
     * cache in another JVM drops its entry when the announcement of the after-completion bump
     * reaches it, as after any eviction (README, Near cache): until then, within milliseconds,
     * it may still serve the old value, never longer.
     */
    public void assertNothingStaleAfterCommits(String kind, List<Transaction> txs) {
        List<Stale> stale = staleAfterCommits(txs);
        List<Stale> throughRedis = stale.stream().filter(s -> !s.read().method().startsWith("near")).toList();
        double nearWindow = stale.stream().filter(s -> s.read().method().startsWith("near"))
                .mapToDouble(Stale::millisAfter).max().orElse(0);
        long inWindows = reads.stream().filter(r -> !r.loaded()
                && txs.stream().anyMatch(t -> r.start() > t.evicted() && r.end() < t.released())).count();
        System.out.printf("[it] %s: %d reads, %d served from the cache between an eviction and its commit; after the commits, "
                        + "%d stale reads through Redis, %d from a near cache, the last %.1f ms after its commit%s%n",
                kind, reads.size(), inWindows, throughRedis.size(), stale.size() - throughRedis.size(), nearWindow,
                stale.isEmpty() ? "" : "; first: " + stale.get(0));
        assertThat(inWindows).as("reads served from entries loaded inside the transactions' windows").isPositive();
        assertThat(throughRedis).as("reads through Redis older than a commit that had returned before they began").isEmpty();
        assertThat(nearWindow).as("how long after a commit a near cache served the old value (ms)").isLessThan(NEAR_ANNOUNCEMENT_MILLIS);
    }
}
