package io.cachet.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.cache.InvalidatingMethod.Eviction;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.tx.Completion;
import io.cachet.agent.tx.OpenTransaction;
import io.cachet.agent.tx.Repeats;
import io.cachet.agent.tx.Transactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Evictions and write-throughs inside a transaction, against a {@link ScriptedStore}: the
 * "database" is {@link CoreHarness.Books#titles}, which a test changes only when its
 * transaction commits, exactly as another JVM reading committed rows sees it.
 */
class TransactionalInvalidationTest {

    /** A transaction the test opens and completes; it runs what was registered, in order. */
    private static final class TestTransaction implements OpenTransaction {
        final List<Completion> completions = new ArrayList<>();
        boolean open;
        boolean refuses;

        @Override
        public boolean afterCompletion(Completion completion) {
            if (refuses) {
                return false;
            }
            completions.add(completion);
            return true;
        }

        void complete(boolean committed) {
            open = false;
            completions.forEach(c -> c.completed(committed));
            completions.clear();
        }
    }

    private final ScriptedStore store = new ScriptedStore();
    private final CoreHarness jvm = new CoreHarness(store, Duration.ofSeconds(5), CoreHarness.newCacheName());
    private final TestTransaction tx = new TestTransaction();
    private final Transactions seen = caller -> tx.open ? tx : null;
    private final MethodRegistry<InvalidatingMethod> methods = new MethodRegistry<>();
    private Repeats repeats;

    @AfterEach
    void stop() {
        if (repeats != null) {
            repeats.close();
        }
        jvm.pending.close();
    }

    private Invalidator invalidator(Transactions transactions, Duration repeatAfter) {
        repeats = new Repeats(transactions, repeatAfter);
        return new Invalidator(methods, jvm.caches, CoreHarness.KEYS, store, jvm.pending,
                new MethodRuntime.Factory(List.of(), 1024, 100, 8 << 20), repeats);
    }

    private int evictsTitle() {
        return methods.register(new InvalidatingMethod("Books#rename",
                List.of(Eviction.ofKey(jvm.cache, KeyTemplate.ofArguments(List.of(0)), false)), null));
    }

    private int writesTitle() {
        return methods.register(new InvalidatingMethod("Books#retitle", List.of(),
                new InvalidatingMethod.WriteThrough(jvm.cache, KeyTemplate.ofArguments(List.of(0)))));
    }

    /** {@code method(bookId)} returning {@code returned}, as its inlined advice calls the handler. */
    private static void call(Invalidator invalidator, int method, String bookId, Object returned) {
        Object[] args = {bookId};
        Object state = invalidator.before(method, CoreHarness.Books.class, args);
        invalidator.after(method, state, args, returned, null);
    }

    private long keyCounter() {
        return store.counters.getOrDefault(jvm.keyCounter("1"), 0L);
    }

    @Test
    void withoutTheTransactionSeenALoadBetweenTheEvictionAndTheCommitIsServedAfterTheCommit() {
        Invalidator invalidator = invalidator(Transactions.NONE, null);
        int rename = evictsTitle();
        jvm.books.titles.put("1", "Dune");
        call(invalidator, rename, "1", null);
        assertThat(jvm.title("1")).as("loaded before the commit").isEqualTo("Dune");
        jvm.books.titles.put("1", "Dune Messiah");
        assertThat(jvm.title("1")).as("the stale fill this class exists to prevent").isEqualTo("Dune");
    }

    @Test
    void anEvictionInsideATransactionIsAppliedAgainAtItsCompletion() {
        Invalidator invalidator = invalidator(seen, null);
        int rename = evictsTitle();
        jvm.books.titles.put("1", "Dune");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        tx.open = true;
        call(invalidator, rename, "1", null);
        assertThat(keyCounter()).as("evicted at the return").isEqualTo(1);
        assertThat(jvm.title("1")).as("another reader, before the commit: the committed row").isEqualTo("Dune");
        jvm.books.titles.put("1", "Dune Messiah");
        tx.complete(true);
        assertThat(keyCounter()).as("evicted again after the commit").isEqualTo(2);
        assertThat(jvm.title("1")).isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).hasValue(3);
    }

    @Test
    void aRollbackAlsoEvictsAgainAndTheOldValueStaysCorrect() {
        Invalidator invalidator = invalidator(seen, null);
        int rename = evictsTitle();
        jvm.books.titles.put("1", "Dune");
        tx.open = true;
        call(invalidator, rename, "1", null);
        assertThat(jvm.title("1")).isEqualTo("Dune");
        tx.complete(false);
        assertThat(keyCounter()).isEqualTo(2);
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.title("1")).as("cached again").isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(2);
    }

    @Test
    void aBeforeInvocationEvictionInsideATransactionIsAppliedAgainAtItsCompletionEvenWhenTheMethodThrows() {
        Invalidator invalidator = invalidator(seen, null);
        int rename = methods.register(new InvalidatingMethod("Books#rename",
                List.of(Eviction.ofKey(jvm.cache, KeyTemplate.ofArguments(List.of(0)), true)), null));
        tx.open = true;
        Object[] args = {"1"};
        Object state = invalidator.before(rename, CoreHarness.Books.class, args);
        assertThat(keyCounter()).isEqualTo(1);
        invalidator.after(rename, state, args, null, new IllegalStateException("the body failed"));
        tx.complete(false);
        assertThat(keyCounter()).isEqualTo(2);
    }

    @Test
    void anAfterCompletionEvictionRedisDoesNotConfirmIsRetriedWhileTheJvmRunsUncached() {
        Invalidator invalidator = invalidator(seen, null);
        int rename = evictsTitle();
        tx.open = true;
        call(invalidator, rename, "1", null);
        store.failNext(1);
        tx.complete(true);
        assertThat(jvm.pending.bypassing()).isTrue();
        awaitUntil(() -> !jvm.pending.bypassing());
        assertThat(keyCounter()).isEqualTo(2);
    }

    @Test
    void aWriteThroughInsideATransactionStoresItsEntryOnlyAfterTheCommit() {
        Invalidator invalidator = invalidator(seen, null);
        int retitle = writesTitle();
        jvm.books.titles.put("1", "Dune");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        tx.open = true;
        call(invalidator, retitle, "1", "Dune Messiah");
        assertThat(store.entries).as("nothing written before the commit").doesNotContainKey(CoreHarness.KEYS.cachePrefix(jvm.cache) + "1");
        assertThat(jvm.title("1")).as("a reader before the commit").isEqualTo("Dune");
        jvm.books.titles.put("1", "Dune Messiah");
        tx.complete(true);
        int loads = jvm.books.loads.get();
        assertThat(jvm.title("1")).isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).as("the written entry is current: a hit").hasValue(loads);
    }

    @Test
    void aWriteThroughRolledBackWritesNothingAndEvictsAgain() {
        Invalidator invalidator = invalidator(seen, null);
        int retitle = writesTitle();
        jvm.books.titles.put("1", "Dune");
        tx.open = true;
        call(invalidator, retitle, "1", "Dune Messiah");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        tx.complete(false);
        assertThat(keyCounter()).isEqualTo(2);
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.books.loads).as("what was loaded before the rollback is not served after it").hasValue(2);
    }

    @Test
    void anEvictionOutsideAnyTransactionSeenIsRepeatedAfterRepeatAfter() {
        Invalidator invalidator = invalidator(Transactions.NONE, Duration.ofMillis(50));
        int rename = evictsTitle();
        long start = System.nanoTime();
        call(invalidator, rename, "1", null);
        assertThat(keyCounter()).isEqualTo(1);
        awaitUntil(() -> keyCounter() == 2);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aTransactionThatRefusesTheCallbackFallsBackToRepeatAfter() {
        Invalidator invalidator = invalidator(seen, Duration.ofMillis(20));
        int rename = evictsTitle();
        tx.open = true;
        tx.refuses = true;
        call(invalidator, rename, "1", null);
        awaitUntil(() -> keyCounter() == 2);
    }

    @Test
    void withoutATransactionOrRepeatAfterAnEvictionHappensOnce() {
        Invalidator invalidator = invalidator(seen, null);
        int rename = evictsTitle();
        call(invalidator, rename, "1", null);
        assertThat(keyCounter()).isEqualTo(1);
        assertThat(tx.completions).isEmpty();
    }

    /** Polls a condition the code under test makes true on another thread. */
    private static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition reached within 5 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
