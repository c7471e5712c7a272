package io.cachet.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.cache.InvalidatingMethod.Eviction;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.key.Versions;
import io.cachet.agent.tx.Repeats;
import io.cachet.agent.tx.Transactions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core under the faults of issue 13, against a {@link ScriptedStore}: Redis out of reach
 * while an eviction is owed, counters lost by an empty restart, a lease its holder gave up.
 */
class CoreFaultsTest {

    private final ScriptedStore store = new ScriptedStore();
    private final CoreHarness jvm = new CoreHarness(store, Duration.ofSeconds(5), CoreHarness.newCacheName());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final MethodRegistry<InvalidatingMethod> methods = new MethodRegistry<>();
    private final Repeats repeats = new Repeats(Transactions.NONE, null);
    private final Invalidator invalidator = new Invalidator(methods, jvm.caches, CoreHarness.KEYS, jvm.tiers,
            jvm.pending, new MethodRuntime.Factory(List.of(), 1024, 100, 8 << 20), repeats);
    private final int rename = methods.register(new InvalidatingMethod("Books#rename",
            List.of(Eviction.ofKey(jvm.cache, KeyTemplate.ofArguments(List.of(0)), false)), null));

    @AfterEach
    void stop() {
        threads.shutdownNow();
        repeats.close();
        jvm.pending.close();
    }

    /** {@code rename(bookId)} returning, as its inlined advice calls the handler. */
    private void rename(String bookId) {
        Object[] args = {bookId};
        Object state = invalidator.before(rename, CoreHarness.Books.class, args);
        invalidator.after(rename, state, args, null, null);
    }

    @Test
    void offlineACallerArrivingAfterAnEvictionDoesNotTakeTheResultOfALoadThatStartedBeforeIt() throws Exception {
        jvm.books.titles.put("1", "Dune");
        store.unreachable = true;
        CountDownLatch loading = jvm.books.hold();
        Future<String> leader = threads.submit(() -> jvm.title("1"));
        await(loading); // the leader's load has read "Dune"
        jvm.books.titles.put("1", "Dune Messiah");
        rename("1"); // returned; its eviction is owed to Redis
        assertThat(jvm.pending.bypassing()).as("the eviction is pending").isTrue();
        Future<String> late = threads.submit(() -> jvm.title("1"));
        CachingHandlerTest.awaitUntil(() -> jvm.books.loads.get() == 2 || jvm.method.stats().stampedeWaits() == 1);
        jvm.books.release();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(late.get(5, TimeUnit.SECONDS)).as("a caller that started after rename(1) returned").isEqualTo("Dune Messiah");
    }

    @Test
    void offlineAFollowerHandedAResultAfterAnEvictionOfItsKeyRunsTheMethodItself() throws Exception {
        jvm.books.titles.put("1", "Dune");
        store.unreachable = true;
        CountDownLatch loading = jvm.books.hold();
        Future<String> leader = threads.submit(() -> jvm.title("1"));
        await(loading);
        Future<String> follower = threads.submit(() -> jvm.title("1"));
        CachingHandlerTest.awaitUntil(() -> jvm.method.stats().stampedeWaits() == 1);
        jvm.books.titles.put("1", "Dune Messiah");
        rename("1"); // while the follower waits: the leader's result may now be stale for it
        CountDownLatch leaderGate = jvm.books.gate;
        CountDownLatch followerLoads = jvm.books.hold();
        leaderGate.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        jvm.books.release();
        assertThat(follower.get(5, TimeUnit.SECONDS)).isEqualTo("Dune Messiah");
        assertThat(followerLoads.getCount()).as("the follower ran the method itself").isZero();
    }

    @Test
    void countersLostByAnEmptyRestartNeverLetALoadFromBeforeItMatchAgain() throws Exception {
        store.randomBases = true;
        jvm.books.titles.put("1", "v0");
        for (int v = 1; v <= 4; v++) {
            jvm.books.titles.put("1", "v" + v);
            rename("1");
        }
        CountDownLatch loading = jvm.books.hold();
        Future<String> load = threads.submit(() -> jvm.title("1"));
        await(loading); // it read v4, under the key's counter after four bumps
        store.loseEverything(); // Redis restarted empty
        for (int v = 5; v <= 8; v++) {
            jvm.books.titles.put("1", "v" + v);
            rename("1"); // four more acknowledged updates: as many bumps as before the restart
        }
        jvm.books.release();
        assertThat(load.get(5, TimeUnit.SECONDS)).isEqualTo("v4");
        assertThat(store.entries).as("the load stored what it read before the restart").isNotEmpty();
        for (int i = 0; i < 5; i++) {
            assertThat(jvm.title("1")).as("read %d after the restart", i).isEqualTo("v8");
        }
    }

    @Test
    void aWriteThroughIsAHitWhenCountersStartAtARandomBase() {
        store.randomBases = true;
        int retitle = methods.register(new InvalidatingMethod("Books#retitle", List.of(),
                new InvalidatingMethod.WriteThrough(jvm.cache, KeyTemplate.ofArguments(List.of(0)))));
        Object[] args = {"1"};
        Object state = invalidator.before(retitle, CoreHarness.Books.class, args);
        jvm.books.titles.put("1", "Dune Messiah");
        invalidator.after(retitle, state, args, "Dune Messiah", null);
        assertThat(jvm.title("1")).isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).as("served from the write-through").hasValue(0);
    }

    @Test
    void nothingIsRecordedUnderAForeignCounterWhichWouldMatchItForAsLongAsItStays() {
        jvm.books.titles.put("1", "Dune");
        store.counters.put(jvm.keyCounter("1"), Versions.FOREIGN); // what RedisStore reads a non-number as
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(store.entries).isEmpty();
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(2);
    }

    @Test
    void aResultOverTheMaximumEntrySizeIsReturnedAndNotStored() {
        CoreHarness small = new CoreHarness(store, Duration.ofSeconds(5), CoreHarness.newCacheName(), 16);
        small.books.titles.put("1", "Dune");
        assertThat(small.title("1")).isEqualTo("Dune");
        assertThat(small.title("1")).isEqualTo("Dune");
        assertThat(store.entries).as("an entry over 16 bytes").isEmpty();
        assertThat(small.books.loads).hasValue(2);
        assertThat(store.leases).as("the lease went all the same").isEmpty();
    }

    @Test
    void aLeaseTakenJustBeforeRedisFailsGoesBackWithTheLoad() {
        jvm.books.titles.put("1", "Dune");
        store.failAfterLease = true; // the read after the lease times out: the load runs with it held
        assertThat(jvm.title("1")).isEqualTo("Dune");
        CachingHandlerTest.awaitUntil(() -> store.leases.isEmpty());
        store.failAfterLease = false;
        assertThat(jvm.title("1")).as("its entry was stored under the lease").isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(1);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(5, TimeUnit.SECONDS)).as("reached in time").isTrue();
    }
}
