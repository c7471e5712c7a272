package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.AppModule;
import io.cachet.it.support.ReadHistory;
import io.cachet.it.support.RedisBackedTest;
import io.cachet.it.support.TransactionJvms;
import io.cachet.it.support.TransactionScenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback for transactions the agent cannot see: plain JDBC with auto-commit off, the
 * {@code @Evicts} method inside, the commit in its caller (it-tests/jta-app's JdbcApp, with no
 * transaction manager in use). Each transaction commits once a reader has been served the old
 * row it loaded after the eviction. With {@code cachet.invalidation.repeat-after=500ms} the
 * eviction is repeated half a second after it was made, and stale reads stop then: the stale
 * window after a commit made within the delay is bounded by the delay (measured here, and in the
 * README). Without it, the entry loaded before the commit is served on, to its TTL.
 */
class RepeatAfterIT extends RedisBackedTest {

    private static final long DELAY_MILLIS = 500;
    /**
     * What may come on top of the delay for a read through Redis: the timer thread's turn and the
     * repeat's round trip (measured: 5-41 ms with the machine's load at 15-28). A near cache in
     * another JVM also waits for the announcement: {@link ReadHistory#NEAR_ANNOUNCEMENT_MILLIS}.
     */
    private static final long SLACK_MILLIS = 250;
    /** Commits made within the delay that the stale window is measured after. */
    private static final int IN_TIME_COMMITS = 6;
    /** Commits tried to get them: a loaded machine stretches a few past the delay. */
    private static final int MAX_COMMITS = 18;

    @TempDir
    Path dir;

    /** Writer and readers of plain JDBC, with a generous deadline as in SpringTransactionIT. */
    private static TransactionJvms jdbc(String prefix, int readers, boolean repeat) {
        return TransactionJvms.start(prefix, 1, readers, db -> {
            AgentJvm.Builder b = AgentJvm.builder().redis(redis, prefix).sysProp("cachet.redis.timeout", "2s")
                    .classpath(AppModule.named("jta-app").classpath()).mainClass("io.cachet.it.jdbc.JdbcApp").programArg(db.url);
            if (repeat) {
                b.sysProp("cachet.invalidation.repeat-after", DELAY_MILLIS + "ms");
            }
            return b.start();
        });
    }

    @Test
    void withRepeatAfterTheStaleWindowAfterAPlainJdbcCommitIsBoundedByTheDelay() {
        try (TransactionJvms jvms = jdbc("repeat", 2, true)) {
            staleWindowIsBoundedByTheDelay(jvms);
        }
    }

    private void staleWindowIsBoundedByTheDelay(TransactionJvms jvms) {
        TransactionScenario scenario = jvms.scenario().hammer(1, "price", "nearPrice");
        List<ReadHistory.Transaction> txs = new ArrayList<>();
        int inTime = 0;
        // The promise covers a transaction that commits within the delay (README, Invalidation).
        // Each commit waits for both readers to be served the old row, which a loaded machine can
        // stretch past the delay; such a commit is counted and shown, not judged, and another runs.
        for (long v = 1; inTime < IN_TIME_COMMITS && v <= MAX_COMMITS; v++) {
            ReadHistory.Transaction t = scenario.run("jdbc", 1, v, true);
            txs.add(t);
            if (committedWithinTheDelay(t)) {
                inTime++;
            }
            // Reads after the repeat was due, so that this commit's whole stale window is seen.
            scenario.awaitReadsAfter(t.evicted() + (long) (DELAY_MILLIS + SLACK_MILLIS + ReadHistory.NEAR_ANNOUNCEMENT_MILLIS) * 1_000_000);
        }
        ReadHistory history = scenario.stop(dir);
        List<ReadHistory.Stale> stale = history.staleAfterCommits(txs);
        List<ReadHistory.Stale> promised = stale.stream().filter(s -> committedWithinTheDelay(s.commit())).toList();
        double afterCommit = promised.stream().mapToDouble(ReadHistory.Stale::millisAfter).max().orElse(0);
        double afterEviction = promised.stream().mapToDouble(RepeatAfterIT::afterEviction).max().orElse(0);
        double throughRedis = promised.stream().filter(s -> s.read().method().equals("price")).mapToDouble(RepeatAfterIT::afterEviction)
                .max().orElse(0);
        System.out.printf("[it] repeat-after %d ms: %d commits, %d within the delay after their eviction (the others at %s ms); "
                        + "%d reads, %d stale after a commit within the delay; the last began %.1f ms after its commit and %.1f ms "
                        + "after its eviction (through Redis only: %.1f ms)%n", DELAY_MILLIS, txs.size(), inTime,
                txs.stream().filter(t -> !committedWithinTheDelay(t)).map(t -> String.format("%.0f", commitMillis(t))).toList(),
                history.reads().size(), promised.size(), afterCommit, afterEviction, throughRedis);
        assertThat(inTime).as("commits within the delay after their eviction, of %d", txs.size()).isEqualTo(IN_TIME_COMMITS);
        assertThat(promised).as("without a transaction the agent sees, the entry loaded before the commit is served after it").isNotEmpty();
        assertThat(throughRedis).as("stale reads through Redis stop once the repeat has landed (ms after the eviction)")
                .isLessThan(DELAY_MILLIS + SLACK_MILLIS);
        assertThat(afterEviction).as("and near caches once they have heard of it")
                .isLessThan(DELAY_MILLIS + SLACK_MILLIS + ReadHistory.NEAR_ANNOUNCEMENT_MILLIS);
        assertThat(jvms.writer.logText()).doesNotContain("evictions inside");
    }

    /** Whether {@code t}'s commit had returned before its repeat was due. */
    private static boolean committedWithinTheDelay(ReadHistory.Transaction t) {
        return commitMillis(t) < DELAY_MILLIS;
    }

    private static double commitMillis(ReadHistory.Transaction t) {
        return (t.returned() - t.evicted()) / 1e6;
    }

    private static double afterEviction(ReadHistory.Stale s) {
        return (s.read().start() - s.commit().evicted()) / 1e6;
    }

    @Test
    void withoutRepeatAfterTheEntryLoadedBeforeAPlainJdbcCommitOutlivesIt() {
        try (TransactionJvms jvms = jdbc("norepeat", 1, false)) {
            entryLoadedBeforeTheCommitOutlivesIt(jvms);
        }
    }

    private void entryLoadedBeforeTheCommitOutlivesIt(TransactionJvms jvms) {
        TransactionScenario scenario = jvms.scenario().hammer(1, "price");
        ReadHistory.Transaction t = scenario.run("jdbc", 1, 1, true);
        scenario.awaitReadsAfter(t.evicted() + (DELAY_MILLIS + SLACK_MILLIS) * 1_000_000);
        ReadHistory history = scenario.stop(dir);
        double lastStale = history.staleAfterCommits(List.of(t)).stream().mapToDouble(ReadHistory.Stale::millisAfter).max().orElse(0);
        System.out.printf("[it] no repeat-after: stale reads through Redis until %.1f ms after the commit, when the test stopped reading%n",
                lastStale);
        assertThat(lastStale).isGreaterThan(DELAY_MILLIS);
        assertThat(jvms.readers.get(0).call("read price 1")).as("still stale, until the 1 min TTL").isEqualTo("0");
    }
}
