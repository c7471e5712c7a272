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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evictions inside Jakarta Transactions, without Spring: a standalone Narayana
 * (it-tests/jta-app) whose registry is bound at {@code java:comp/TransactionSynchronizationRegistry}
 * runs the writer's transactions over H2's XA connections; the {@code @Evicts} method runs inside,
 * the transaction is held open until a reader has been served the old row it loaded after the
 * eviction, then committed or rolled back through the transaction manager. As with Spring
 * (SpringTransactionIT): nothing older than a returned commit is read through Redis, and no
 * rolled-back value is read at all.
 */
class JtaTransactionIT extends RedisBackedTest {

    private static final int TRANSACTIONS = 8;

    static TransactionJvms jvms;

    @TempDir
    Path dir;

    /** The same generous deadline as SpringTransactionIT, for the same reason. */
    @BeforeAll
    static void start() {
        jvms = TransactionJvms.start("jtatx", 1, 2, db -> AgentJvm.builder().redis(redis, "jtatx")
                .sysProp("cachet.redis.timeout", "2s").classpath(AppModule.named("jta-app").classpath())
                .mainClass("io.cachet.it.jta.JtaApp").programArg(db.url).start());
    }

    @AfterAll
    static void stop() {
        if (jvms != null) {
            jvms.close();
        }
    }

    @Test
    void afterAJtaCommitNoReaderGetsTheOldValueAndARollbackLeavesItCorrect() {
        List<ReadHistory.Transaction> txs = new ArrayList<>();
        TransactionScenario scenario = jvms.scenario().hammer(1, "price", "nearPrice");
        for (int v = 1; v <= TRANSACTIONS; v++) {
            txs.add(scenario.run("jta", 1, v, true));
            if (v % 3 == 0) {
                txs.add(scenario.run("jta", 1, 1_000 + v, false));
            }
        }
        ReadHistory history = scenario.stop(dir);
        history.assertNothingStaleAfterCommits("jta", txs);
        Set<Long> rolledBack = txs.stream().filter(t -> !t.committed()).map(ReadHistory.Transaction::value).collect(Collectors.toSet());
        assertThat(history.returning(rolledBack)).as("reads of a rolled-back value").isEmpty();
        assertThat(jvms.writer.logText()).contains("evictions inside JTA (java:comp/TransactionSynchronizationRegistry) transactions");
    }
}
