package io.cachet.agent.cache;

import static io.cachet.agent.cache.CachingHandlerTest.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.bootstrap.CacheHandlerHolder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single-flight's steps one at a time, at the points where a thread can be descheduled between
 * two of them: what a busy machine does to the end-to-end tests now and then, made certain.
 */
class SingleFlightTest {

    private final ScriptedStore store = new ScriptedStore();
    private final CoreHarness jvm = new CoreHarness(store, Duration.ofSeconds(5), CoreHarness.newCacheName());
    private final Refresher refresher = new Refresher(jvm.tiers, 10_000);
    private final SingleFlight singleFlight = new SingleFlight(jvm.tiers, new Reads(jvm.tiers, refresher), jvm.pending, 10_000, 5_000);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        refresher.close();
    }

    @Test
    void aCallerThatArrivesBetweenTheLeaderJoiningAndStartingItsLoadFollowsIt() throws Exception {
        jvm.books.titles.put("1", "Dune");
        Call leading = jvm.call("1");
        Flight flight = singleFlight.newFlight();
        assertThat(singleFlight.join(leading, flight)).as("the first caller leads").isNull();
        // The leader is off the CPU here, before its first read. A caller now must wait for it,
        // not take the unstarted load for one that predates an eviction and run the method too.
        Future<Object> follower = threads.submit(() -> singleFlight.enter(jvm.call("1"), true));
        awaitUntil(() -> jvm.method.stats().stampedeWaits() == 1);
        Load load = (Load) singleFlight.leadJoined(leading, flight, true);
        new Fills(jvm.tiers, singleFlight, 8 << 20).completed(load, "Dune");
        Object followed = follower.get(5, TimeUnit.SECONDS);
        assertThat(followed).as("the leader's result, not a run of its own").isNotNull().isNotInstanceOf(Load.class);
        assertThat(CacheHandlerHolder.unwrap(followed)).isEqualTo("Dune");
    }

    @Test
    void aReadAfterOneThatFoundNoEntryTakesTheLeaseIfItFindsNoneEither() {
        jvm.books.titles.put("1", "Dune");
        jvm.books.titles.put("2", "Emma");
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(store.readsThenLeases).as("the first read of the method expects a hit").hasValue(0);
        assertThat(jvm.title("2")).isEqualTo("Emma");
        assertThat(store.readsThenLeases).as("after a read that found no entry").hasValue(1);
        assertThat(jvm.title("2")).as("a hit read that way").isEqualTo("Emma");
        assertThat(store.readsThenLeases).hasValue(2);
        assertThat(jvm.title("1")).isEqualTo("Dune");
        assertThat(store.readsThenLeases).as("after a read that found one").hasValue(2);
        assertThat(jvm.books.loads).hasValue(2);
        awaitUntil(() -> store.leases.isEmpty());
    }

    @Test
    void aReadThatExpectsAMissWaitsForTheLeaseAnotherJvmHolds() throws Exception {
        jvm.books.titles.put("1", "Dune");
        jvm.books.titles.put("2", "Emma");
        jvm.title("1");
        CoreHarness other = new CoreHarness(store, Duration.ofSeconds(5), jvm.cache);
        other.books.titles.put("2", "Emma");
        other.books.hold();
        Future<String> holder = threads.submit(() -> other.title("2"));
        awaitUntil(() -> !store.leases.isEmpty());
        Future<String> waiter = threads.submit(() -> jvm.title("2"));
        awaitUntil(() -> jvm.method.stats().stampedeWaits() == 1);
        other.books.release();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("Emma");
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("Emma");
        assertThat(store.readsThenLeases).as("the waiter's read expected a miss").hasPositiveValue();
        assertThat(jvm.books.loads).as("the waiter took the holder's entry").hasValue(1);
        assertThat(other.books.loads).hasValue(1);
    }

    @Test
    void aLoadThatStartedBeforeAnEvictionHereIsStaleForACallerAfterIt() {
        Call leading = jvm.call("1");
        Flight flight = singleFlight.newFlight();
        singleFlight.join(leading, flight);
        flight.startLoad();
        assertThat(SingleFlight.staleFor(jvm.call("1"), flight)).as("nothing evicted since the load started").isFalse();
        jvm.pending.evictions().evicting(List.of(jvm.keyCounter("1")));
        assertThat(SingleFlight.staleFor(jvm.call("1"), flight)).as("evicted here after the load started").isTrue();
    }
}
