package io.cachet.agent.cache;

import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.near.TieredStore;
import io.cachet.bootstrap.CacheHandlerHolder;
import io.cachet.bootstrap.PendingCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One "JVM" with two cached methods returning Reactor types, {@link Books#title} and
 * {@link Books#chapters}, called exactly as their inlined advice would call them: at assembly.
 */
final class ReactiveHarness {

    /** Loads are counted when the publisher runs (at subscription), not when it is built. */
    public static final class Books {
        final Map<String, String> titles = new ConcurrentHashMap<>();
        final Map<String, List<String>> chapters = new ConcurrentHashMap<>();
        final AtomicInteger assembled = new AtomicInteger();
        final AtomicInteger loads = new AtomicInteger();
        volatile RuntimeException failure;
        /** A title's source reads it when subscribed, then emits it once this completes. */
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        public Mono<String> title(String id) {
            assembled.incrementAndGet();
            CompletableFuture<Void> g = gate;
            return Mono.fromCallable(() -> {
                loads.incrementAndGet();
                if (failure != null) {
                    throw failure;
                }
                return titles.get(id);
            }).delayUntil(title -> Mono.fromFuture(g, true));
        }

        public Flux<String> chapters(String id) {
            assembled.incrementAndGet();
            return Flux.defer(() -> {
                loads.incrementAndGet();
                return failure != null ? Flux.error(failure) : Flux.fromIterable(chapters.getOrDefault(id, List.of()));
            });
        }
    }

    final Books books = new Books();
    final Caches caches = new Caches();
    final CachingHandler handler;
    final CachedMethod title;
    final CachedMethod chapters;
    private final int titleId;
    private final int chaptersId;

    /** @param maxElements the longest Flux cached */
    ReactiveHarness(ScriptedStore store, Duration leaseWait, int maxElements) {
        TieredStore tiers = new TieredStore(store, null);
        PendingInvalidations pending = new PendingInvalidations(tiers, caches);
        handler = new CachingHandler(caches, tiers, pending, new MethodRuntime.Factory(List.of(), 1024, maxElements, 8 << 20),
                10_000, leaseWait.toMillis());
        title = method("title", ReturnShape.MONO);
        chapters = method("chapters", ReturnShape.FLUX);
        titleId = caches.register(title);
        chaptersId = caches.register(chapters);
    }

    private static CachedMethod method(String name, ReturnShape shape) {
        String cache = CoreHarness.newCacheName() + "." + name;
        return new CachedMethod(new MethodRef("Books#" + name + "(String)", Books.class.getName(), name, List.of("java.lang.String")),
                cache, new CacheKeys(CoreHarness.KEYS, cache, KeyTemplate.ofArguments(List.of(0)), List.of()),
                CachePolicy.of(AttributeValues.none("@Cached"), Duration.ofMinutes(5), Duration.ofDays(30)), shape);
    }

    /** {@code books.title(id)} through the cache: the advice runs here, when the Mono is built. */
    @SuppressWarnings("unchecked")
    Mono<String> title(String id) {
        return (Mono<String>) call(titleId, id, books.title(id));
    }

    @SuppressWarnings("unchecked")
    Flux<String> chapters(String id) {
        return (Flux<String>) call(chaptersId, id, books.chapters(id));
    }

    private Object call(int methodId, String id, Object body) {
        Object entered = handler.enter(methodId, Books.class, books, new Object[] {id});
        Object hit = CacheHandlerHolder.hit(entered);
        if (hit != null) {
            return CacheHandlerHolder.unwrap(hit);
        }
        return entered instanceof PendingCall ? handler.exit((PendingCall) entered, body, null) : body;
    }

    String keyCounter(CachedMethod m, String id) {
        return CoreHarness.KEYS.keyVersion(m.cacheName(), id);
    }
}
