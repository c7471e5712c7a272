package io.cachet.agent.cache;

import static io.cachet.agent.cache.CachingHandlerTest.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The lookup made at each subscription of a cached {@code Mono}/{@code Flux}, against a
 * {@link ScriptedStore} that answers on a thread of its own, as Redis does: looked up at
 * subscription and not at assembly, hits that never subscribe to the original, single-flight
 * over concurrent subscriptions without a stale hand-over, and nothing stored for an error, a
 * cancellation or a {@code Flux} over its bound.
 */
class DeferredLookupsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ScriptedStore store = new ScriptedStore();
    private final ReactiveHarness jvm = new ReactiveHarness(store, Duration.ofSeconds(5), 100);

    @Test
    void aMonoIsLookedUpWhenSubscribedNotWhenBuiltAndItsSecondSubscriptionIsAHit() {
        jvm.books.titles.put("1", "Dune");
        Mono<String> title = jvm.title("1");
        assertThat(store.reads).as("building the Mono reads nothing").hasValue(0);
        assertThat(title.block(WAIT)).isEqualTo("Dune");
        assertThat(title.block(WAIT)).isEqualTo("Dune");
        assertThat(jvm.books.loads).as("the second subscription did not subscribe to the original").hasValue(1);
        assertThat(store.reads).as("one lookup per subscription").hasValue(2);
        assertThat(jvm.title("1").block(WAIT)).isEqualTo("Dune");
        assertThat(jvm.books.loads).hasValue(1);
        assertThat(jvm.title.stats().hits()).isEqualTo(2);
    }

    @Test
    void subscribersAreSignalledOnReactorsParallelThreadsOrTheirOwnNeverOnTheStores() {
        jvm.books.titles.put("1", "Dune");
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(jvm.title("1").map(v -> Thread.currentThread().getName()).block(WAIT));
            threads.add(jvm.chapters("1").map(v -> Thread.currentThread().getName()).defaultIfEmpty(Thread.currentThread().getName())
                    .blockLast(WAIT));
        }
        // On the parallel thread that worked the answer out, or on the subscribing thread when
        // the answer was there before the subscription reached it.
        assertThat(threads).as("miss and hit, Mono and Flux").allSatisfy(t -> assertThat(t).matches("parallel-\\d+|main"));
    }

    @Test
    void anEmptyMonoIsCachedLikeNullAndAnErrorNever() {
        assertThat(jvm.title("absent").block(WAIT)).isNull();
        assertThat(jvm.title("absent").block(WAIT)).isNull();
        assertThat(jvm.books.loads).as("empty is cached").hasValue(1);

        jvm.books.failure = new IllegalStateException("database down");
        assertThatThrownBy(() -> jvm.title("2").block(WAIT)).hasMessageContaining("database down");
        jvm.books.failure = null;
        jvm.books.titles.put("2", "Emma");
        assertThat(jvm.title("2").block(WAIT)).isEqualTo("Emma");
        assertThat(jvm.books.loads).as("the error was not cached").hasValue(3);
    }

    @Test
    void aMonoCancelledBeforeItsValueStoresNothing() {
        jvm.books.titles.put("1", "Dune");
        jvm.books.gate = new CompletableFuture<>();
        Disposable subscription = jvm.title("1").subscribe();
        awaitUntil(() -> jvm.books.loads.get() == 1);
        subscription.dispose();
        jvm.books.gate.complete(null);
        assertThat(jvm.title("1").block(WAIT)).isEqualTo("Dune");
        assertThat(jvm.books.loads).as("the cancelled load stored nothing").hasValue(2);
    }

    @Test
    void aHundredConcurrentSubscribersOfAColdKeyOnParallelThreadsLoadOnce() {
        jvm.books.titles.put("1", "Dune");
        jvm.books.gate = new CompletableFuture<>();
        CompletableFuture<List<String>> all = Flux.range(0, 100)
                .flatMap(i -> Mono.defer(() -> jvm.title("1")).subscribeOn(Schedulers.parallel()), 100)
                .collectList().toFuture();
        awaitUntil(() -> jvm.title.stats().stampedeWaits() == 99);
        jvm.books.gate.complete(null);
        assertThat(all.join()).hasSize(100).containsOnly("Dune");
        assertThat(jvm.books.loads).as("one load for 100 subscribers").hasValue(1);
        assertThat(store.reads.get()).as("the leader's read and one re-check for the late followers").isLessThanOrEqualTo(2);
    }

    @Test
    void aSubscriberThatArrivedAfterAnEvictionDoesNotTakeTheLeadersOlderResult() throws Exception {
        jvm.books.titles.put("1", "Dune");
        jvm.books.gate = new CompletableFuture<>();
        CompletableFuture<String> leader = jvm.title("1").toFuture();
        awaitUntil(() -> jvm.books.loads.get() == 1);
        jvm.books.titles.put("1", "Dune Messiah");
        store.bumpElsewhere(jvm.keyCounter(jvm.title, "1"));
        CompletableFuture<String> follower = jvm.title("1").toFuture();
        awaitUntil(() -> jvm.title.stats().stampedeWaits() == 1);
        jvm.books.gate.complete(null);
        assertThat(leader.get(5, TimeUnit.SECONDS)).isEqualTo("Dune");
        assertThat(follower.get(5, TimeUnit.SECONDS)).as("re-checked, then loaded for itself").isEqualTo("Dune Messiah");
        assertThat(jvm.books.loads).hasValue(2);
    }

    @Test
    void aFluxIsCachedAsItsCompleteListAndReplayed() {
        jvm.books.chapters.put("1", List.of("a", "b", "c"));
        assertThat(jvm.chapters("1").collectList().block(WAIT)).containsExactly("a", "b", "c");
        assertThat(jvm.chapters("1").collectList().block(WAIT)).containsExactly("a", "b", "c");
        assertThat(jvm.books.loads).hasValue(1);
    }

    @Test
    void aFluxThatFailsIsCancelledEarlyOrIsOverTheBoundStoresNothing() {
        jvm.books.chapters.put("long", IntStream.range(0, 101).mapToObj(String::valueOf).collect(java.util.stream.Collectors.toList()));
        assertThat(jvm.chapters("long").count().block(WAIT)).isEqualTo(101);
        assertThat(jvm.chapters("long").count().block(WAIT)).as("all passed on each time").isEqualTo(101);
        assertThat(jvm.books.loads).as("over the bound of 100: not stored").hasValue(2);

        jvm.books.chapters.put("1", List.of("a", "b", "c"));
        assertThat(jvm.chapters("1").take(1).collectList().block(WAIT)).containsExactly("a");
        assertThat(jvm.books.loads).hasValue(3);
        jvm.books.failure = new IllegalStateException("database down");
        assertThatThrownBy(() -> jvm.chapters("1").blockLast(WAIT)).hasMessageContaining("database down");
        jvm.books.failure = null;
        assertThat(jvm.chapters("1").collectList().block(WAIT)).containsExactly("a", "b", "c");
        assertThat(jvm.chapters("1").collectList().block(WAIT)).containsExactly("a", "b", "c");
        assertThat(jvm.books.loads).as("neither the cancelled nor the failed run was stored").hasValue(5);
    }
}
