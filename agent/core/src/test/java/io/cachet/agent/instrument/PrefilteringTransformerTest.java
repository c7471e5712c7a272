package io.cachet.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A class that may hold a cached method and loads before the instrumentation is ready waits
 * for it, and is woven only once the handler its code calls is installed as well; other classes
 * never wait.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrefilteringTransformerTest {

    private static final byte[] CANDIDATE = "..Lio/cachet/annotations/Cached;..".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "..Ljava/lang/Object;..".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WOVEN = {1, 2, 3};
    /** Any application loader: the agent core's own classes are never candidates. */
    private static final ClassLoader APPLICATION = new ClassLoader(null) { };

    private final AtomicInteger weavings = new AtomicInteger();
    private final ClassFileTransformer byteBuddy = new ClassFileTransformer() {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                byte[] bytes) {
            weavings.incrementAndGet();
            return WOVEN;
        }
    };

    @Test
    void aCandidateWaitsForTheTransformerAndTheRuntimeThenIsWoven() throws Exception {
        PrefilteringTransformer filter = new PrefilteringTransformer(List.of());
        CompletableFuture<Void> runtime = new CompletableFuture<>();
        CompletableFuture<byte[]> loaded = new CompletableFuture<>();
        Thread loading = new Thread(() -> loaded.complete(load(filter, CANDIDATE)));
        loading.start();
        Thread building = new Thread(() -> Instrumenter.handOver(filter, () -> byteBuddy, runtime));
        building.start();

        awaitWaiting(loading);
        awaitWaiting(building);
        assertThat(loaded).as("the transformer is built, the handler is not installed yet").isNotDone();
        assertThat(weavings).hasValue(0);

        runtime.complete(null);
        assertThat(loaded.get(10, TimeUnit.SECONDS)).isEqualTo(WOVEN);
        assertThat(weavings).hasValue(1);
    }

    @Test
    void whenTheRuntimeCannotStartTheCandidateLoadsAsItIs() throws Exception {
        PrefilteringTransformer filter = new PrefilteringTransformer(List.of());
        CompletableFuture<byte[]> loaded = new CompletableFuture<>();
        Thread loading = new Thread(() -> loaded.complete(load(filter, CANDIDATE)));
        loading.start();
        awaitWaiting(loading);

        boolean retransform = Instrumenter.handOver(filter, () -> byteBuddy,
                CompletableFuture.failedFuture(new IllegalStateException("no store")));

        assertThat(loaded.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(retransform).isFalse();
        assertThat(weavings).hasValue(0);
    }

    @Test
    void otherClassesNeverWait() {
        PrefilteringTransformer filter = new PrefilteringTransformer(List.of());
        assertThat(load(filter, OTHER)).isNull();
        assertThat(weavings).hasValue(0);
    }

    private static byte[] load(PrefilteringTransformer filter, byte[] bytes) {
        return filter.transform(null, APPLICATION, "com/acme/shop/Catalog", null, null, bytes);
    }

    /** Until {@code thread} is blocked: the loading thread on the latch, the building one on the runtime. */
    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as(thread + " never waited").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
