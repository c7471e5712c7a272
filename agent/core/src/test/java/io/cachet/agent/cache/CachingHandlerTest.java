package io.cachet.agent.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cache core's promises, proven in milliseconds against a {@link ScriptedStore}: one load per
 * key in a JVM and across JVMs, no stale fill, no stale hand-over to a follower, lease hand-off,
 * a dead lease holder, timeouts that fail open, exceptions that are never cached. Each "JVM" is a
 * {@link CoreHarness} over the same store.
 */
class CachingHandlerTest {

    private final ScriptedStore store = new ScriptedStore();
    private final CoreHarness jvm = new CoreHarness(store, Duration.ofSeconds(5), CoreHarness.newCacheName());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aSecondCallIsAHit() {
        jvm.books.titles.put("1", "Dune");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(1);
        assertThat(jvm.method.stats().hits()).isEqualTo(1);
    }

    @Test
    void concurrentMissesOfOneKeyInOneJvmRunTheMethodOnce() throws Exception {
        jvm.books.titles.put("1", "Dune");
        CountDownLatch loading = jvm.books.hold();
        List<Future<String>> calls = new ArrayList<>();
        calls.add(threads.submit(() -> jvm.title("1")));
        await(loading);
        for (int i = 0; i < 15; i++) {
            calls.add(threads.submit(() -> jvm.title("1")));
        }
        awaitUntil(() -> jvm.method.stats().stampedeWaits() == 15);
        jvm.books.release();
        for (Future<String> c : calls) {
            assertThat(c.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        }
        assertThat(jvm.books.loads).as("the method ran once for 16 callers").hasValue(1);
        assertThat(store.reads).as("the leader's reads, before and after it took the lease; none for the followers").hasValue(2);
    }

    @Test
    void concurrentMissesInTwoJvmsRunTheMethodOnceThroughTheLease() throws Exception {
        CoreHarness other = new CoreHarness(store, Duration.ofSeconds(5), jvm.cache);
        jvm.books.titles.put("1", "Dune");
        other.books.titles.put("1", "Dune");
        CountDownLatch loading = other.books.hold();
        Future<String> leader = threads.submit(() -> other.title("1"));
        await(loading);
        assertThat(store.leases).containsKey(jvm.leaseKey("1"));
        Future<String> waiter = threads.submit(() -> jvm.title("1"));
        awaitUntil(() -> jvm.method.stats().stampedeWaits() >= 1);
        other.books.release();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(jvm.books.loads).as("the waiting JVM took the holder's entry").hasValue(0);
        assertThat(store.leases).as("the lease went once the entry was in").isEmpty();
    }

    @Test
    void aDeadLeaseHolderCostsAWaitOfAtMostLeaseWaitThenTheCallerLoads() {
        CoreHarness impatient = new CoreHarness(store, Duration.ofMillis(100), CoreHarness.newCacheName());
        impatient.books.titles.put("1", "Dune");
        store.leases.put(impatient.leaseKey("1"), "a JVM that died holding it");
        assertThat(impatient.title("1")).isEqualTo("Dune");
        assertThat(impatient.books.loads).hasValue(1);
        assertThat(impatient.method.stats().leaseTimeouts()).isEqualTo(1);
    }

    @Test
    void aLoadOvertakenByAnEvictionFillsNothingCurrent() throws Exception {
        jvm.books.titles.put("1", "Dune");
        CountDownLatch loading = jvm.books.hold();
        Future<String> slow = threads.submit(() -> jvm.title("1"));
        await(loading);
        // While it loads the old title, another JVM changes the book and evicts it.
        jvm.books.titles.put("1", "Dune Messiah");
        store.bumpElsewhere(jvm.keyCounter("1"));
        jvm.books.release();
        assertThat(slow.get(5, TimeUnit.SECONDS)).as("it returns what it read").isEqualTo("Dune");
        assertThat(store.entries).as("it did store its result").isNotEmpty();
        assertThat(jvm.title("1")).as("but under the versions before the eviction: a miss").isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).hasValue(2);
        assertThat(jvm.method.stats().staleEntries()).isEqualTo(1);
    }

    @Test
    void aFollowerThatArrivedAfterAnEvictionDoesNotTakeTheLeadersOlderResult() throws Exception {
        jvm.books.titles.put("1", "Dune");
        CountDownLatch loading = jvm.books.hold();
        Future<String> leader = threads.submit(() -> jvm.title("1"));
        await(loading);
        jvm.books.titles.put("1", "Dune Messiah");
        store.bumpElsewhere(jvm.keyCounter("1"));
        // The eviction has returned; this caller arrives after it and joins the leader's flight.
        Future<String> follower = threads.submit(() -> jvm.title("1"));
        awaitUntil(() -> jvm.method.stats().stampedeWaits() == 1);
        CountDownLatch leaderGate = jvm.books.gate;
        CountDownLatch followerLoads = jvm.books.hold();
        leaderGate.countDown();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        jvm.books.release();
        assertThat(follower.get(5, TimeUnit.SECONDS)).isEqualTo("Dune Messiah");
        assertThat(followerLoads.getCount()).as("the follower loaded for itself").isZero();
        assertThat(jvm.title("1")).as("and stored what it loaded, under the current versions").isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).hasValue(2);
    }

    @Test
    void storeTimeoutsFailOpenToTheMethod() {
        jvm.books.titles.put("1", "Dune");
        store.failNext(1_000);
        for (int i = 0; i < 5; i++) {
            assertThat(jvm.title("1")).isEqualTo("Dune");
        }
        assertThat(jvm.books.loads).hasValue(5);
        assertThat(store.entries).as("nothing is stored for a load whose lookup failed").isEmpty();
    }

    @Test
    void exceptionsAreNeverCachedAndAFollowerGetsTheLeadersOwn() throws Exception {
        IllegalStateException boom = new IllegalStateException("database down");
        jvm.books.failure = boom;
        CountDownLatch loading = jvm.books.hold();
        Future<String> leader = threads.submit(() -> jvm.title("1"));
        await(loading);
        Future<String> follower = threads.submit(() -> jvm.title("1"));
        awaitUntil(() -> jvm.method.stats().stampedeWaits() == 1);
        jvm.books.release();
        assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).hasCause(boom);
        assertThatThrownBy(() -> follower.get(5, TimeUnit.SECONDS)).hasCause(boom);
        assertThat(store.entries).isEmpty();
        jvm.books.failure = null;
        jvm.books.titles.put("1", "Dune");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(2);
    }

    @Test
    void aCallRightAfterALoadReturnedIsAHitEvenBeforeTheStoreHasTheEntry() {
        jvm.books.titles.put("1", "Dune");
        CompletableFuture<Void> slowSet = new CompletableFuture<>();
        store.heldPuts = slowSet;
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(store.entries).as("the SET has not landed yet").isEmpty();
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.books.loads).as("taken from the load's flight, which stays open until the SET lands").hasValue(1);
        slowSet.complete(null);
        assertThat(store.entries).isNotEmpty();
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(1);
    }

    @Test
    void aFutureCompletesOnlyOnceItsValueIsStoredSoTheNextCallIsAHit() throws Exception {
        jvm.books.titles.put("1", "Dune");
        CompletableFuture<Void> slowSet = new CompletableFuture<>();
        store.heldPuts = slowSet;
        CompletableFuture<String> first = jvm.titleLater("1");
        awaitUntil(() -> jvm.later.stats().misses() == 1);
        assertThat(first).as("not before the store has answered").isNotDone();
        slowSet.complete(null);
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(jvm.titleLater("1").get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(jvm.books.loads).as("the call after the first future completed is a hit").hasValue(1);
    }

    @Test
    void aCallerThatJoinsALandedFlightAfterAnEvictionDoesNotReuseAnEarlierFollowersCheck() throws Exception {
        jvm.books.titles.put("1", "Dune");
        store.heldPuts = new CompletableFuture<>(); // the flight stays joinable: its SET has not landed
        CountDownLatch loading = jvm.books.hold();
        Future<String> leader = threads.submit(() -> jvm.title("1"));
        await(loading);
        Future<String> early = threads.submit(() -> jvm.title("1"));
        awaitUntil(() -> jvm.method.stats().stampedeWaits() == 1);
        jvm.books.release();
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(early.get(5, TimeUnit.SECONDS)).as("checked the counters after the landing: current").isEqualTo("Dune");
        // Then another JVM changes the book and evicts it; a caller arriving now joins the
        // same flight, whose counters an earlier follower read before the eviction.
        jvm.books.titles.put("1", "Dune Messiah");
        store.bumpElsewhere(jvm.keyCounter("1"));
        assertThat(jvm.title("1")).as("read the counters for itself, then loaded").isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).hasValue(2);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(5, TimeUnit.SECONDS)).as("reached in time").isTrue();
    }

    /** Polls a condition the code under test makes true on another thread. */
    static void awaitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition reached within 5 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
