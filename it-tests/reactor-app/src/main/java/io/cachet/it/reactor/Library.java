package io.cachet.it.reactor;

import io.cachet.annotations.Cached;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive repository as a WebFlux or R2DBC service has one: nothing runs until subscribed,
 * and each subscription of a source counts as one load.
 */
public final class Library {

    final Map<String, String> titles = new ConcurrentHashMap<>();
    final Map<String, Integer> lengths = new ConcurrentHashMap<>();
    final AtomicInteger loads = new AtomicInteger();
    final AtomicInteger slowLoads = new AtomicInteger();
    volatile boolean failing;

    @Cached(ttl = "5m")
    public Mono<String> title(String id) {
        return Mono.fromCallable(() -> {
            loads.incrementAndGet();
            if (failing) {
                throw new IllegalStateException("database down");
            }
            return titles.get(id);
        });
    }

    /** A title that takes 300 ms to arrive, on Reactor's timer: a load that stays in flight. */
    @Cached(ttl = "5m")
    public Mono<String> slowTitle(String id) {
        return Mono.fromCallable(() -> {
            slowLoads.incrementAndGet();
            return titles.getOrDefault(id, "?");
        }).delayElement(Duration.ofMillis(300));
    }

    @Cached(ttl = "5m")
    public Flux<String> chapters(String id) {
        return Flux.defer(() -> {
            loads.incrementAndGet();
            if (failing) {
                return Flux.error(new IllegalStateException("database down"));
            }
            List<String> items = IntStream.range(0, lengths.getOrDefault(id, 3)).mapToObj(i -> id + "." + i).collect(Collectors.toList());
            return Flux.fromIterable(items);
        });
    }
}
