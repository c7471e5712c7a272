package io.cachet.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.ConfigProblems;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A class that may hold a cached method and loads before the instrumentation is ready is let
 * through to be woven later when it can be, and otherwise waits for it, and is woven only once
 * the handler its code calls is installed as well; other classes never wait.
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
    void anAnnotatedClassLoadsAtOnceWithTheCallThatWeavesItLaterAndIsNamedForThat() throws Exception {
        PrefilteringTransformer filter = new PrefilteringTransformer(List.of());
        byte[] sample = classFile(FirstCallGateTest.Sample.class);

        byte[] loaded = load(filter, sample);

        assertThat(loaded).as("given the call at its methods' top, not held for the transformer").isNotNull().isNotEqualTo(sample);
        assertThat(weavings).hasValue(0);
        assertThat(filter.takeDeferred()).containsExactly("com.acme.shop.Catalog");
        assertThat(filter.takeDeferred()).as("each name is given once").isEmpty();
    }

    @Test
    void anAnnotatedClassThatARuleMayMatchWaitsForTheTransformer() throws Exception {
        // The rule's methods carry no annotation, so no call of theirs would weave the class.
        CachetConfig config = CachetConfig.from(Map.of("cachet.cache.sample.method", "*FirstCallGateTest$Sample#twice"), new ConfigProblems());
        PrefilteringTransformer filter = new PrefilteringTransformer(config.rules());
        byte[] sample = classFile(FirstCallGateTest.Sample.class);
        CompletableFuture<byte[]> loaded = new CompletableFuture<>();
        Thread loading = new Thread(() -> loaded.complete(load(filter, sample)));
        loading.start();
        awaitWaiting(loading);

        Instrumenter.handOver(filter, () -> byteBuddy, CompletableFuture.completedFuture(null));

        assertThat(loaded.get(10, TimeUnit.SECONDS)).isEqualTo(WOVEN);
        assertThat(filter.takeDeferred()).isEmpty();
    }

    @Test
    void otherClassesNeverWait() {
        PrefilteringTransformer filter = new PrefilteringTransformer(List.of());
        assertThat(load(filter, OTHER)).isNull();
        assertThat(weavings).hasValue(0);
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Loads {@code bytes} under an application's name: the agent's own packages are never candidates. */
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
