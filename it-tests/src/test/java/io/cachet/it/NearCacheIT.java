package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import io.cachet.it.support.RedisResp;
import io.cachet.it.support.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The near cache (L1) in front of Redis: it serves hits without a round trip, hands every caller
 * its own copy, and never drifts: evictions of every kind reach other JVMs' near caches; an
 * announcement lost while a subscription is down is made good when it is back; and nothing is
 * served longer than {@code cachet.near.ttl} after it was read from Redis.
 */
class NearCacheIT extends RedisBackedTest {

    private static final String PREFIX = "near";
    private static final String ENTRY = PREFIX + ":cachet:Shelf.read:";
    private Path shelf;

    @BeforeEach
    void emptyShelf() throws IOException {
        shelf = Files.createTempDirectory("shelf");
        resp.command("FLUSHALL");
    }

    @AfterEach
    void removeShelf() throws IOException {
        try (var files = Files.list(shelf)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(shelf);
    }

    private AgentJvm jvm(String nearTtl) {
        return AgentJvm.builder().redis(redis, PREFIX).mainClass("io.cachet.it.apps.near.NearApp")
                .sysProp("shelf.dir", shelf.toString()).sysProp("cachet.near.ttl", nearTtl).start()
                .awaitConnected();
    }

    private static AgentJvm listening(AgentJvm jvm) {
        jvm.awaitLog("listening for invalidations on channel " + PREFIX + ":cachet-invalidations");
        return jvm;
    }

    private void row(long id, String value) {
        try {
            Files.writeString(shelf.resolve(Long.toString(id)), value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aHitIsServedInProcessEvenWhenRedisNoLongerHasTheEntry() {
        row(1, "a");
        try (AgentJvm near = listening(jvm("60s"));
             AgentJvm remoteOnly = AgentJvm.builder().redis(redis, PREFIX).mainClass("io.cachet.it.apps.near.NearApp")
                     .sysProp("shelf.dir", shelf.toString()).sysProp("cachet.near.enabled", "false").start().awaitConnected()) {
            assertThat(near.call("read 1")).isEqualTo("a");
            awaitKey(ENTRY + "1");
            assertThat(remoteOnly.call("read 1")).isEqualTo("a");
            assertThat(remoteOnly.call("count shelf.read")).isEqualTo("0");

            resp.command("DEL", ENTRY + "1"); // gone from Redis, but not invalidated
            row(1, "b");

            assertThat(near.call("read 1")).isEqualTo("a");
            assertThat(near.call("count shelf.read")).isEqualTo("1");
            assertThat(remoteOnly.call("read 1")).isEqualTo("b");
            assertThat(remoteOnly.call("count shelf.read")).isEqualTo("1");
        }
    }

    @Test
    void everyCallerGetsItsOwnCopyOfAMutableValue() {
        row(2, "x");
        try (AgentJvm near = listening(jvm("60s"))) {
            assertThat(near.call("mutateBox 2")).isEqualTo("[x, MUTATED]");
            awaitKey(PREFIX + ":cachet:Shelf.box:2");
            assertThat(near.call("box 2")).isEqualTo("[x]");
            resp.command("DEL", PREFIX + ":cachet:Shelf.box:2"); // from here on, only the near cache has it
            for (int i = 0; i < 3; i++) {
                assertThat(near.call("mutateBox 2")).isEqualTo("[x, MUTATED]");
            }
            assertThat(near.call("box 2")).isEqualTo("[x]");
            assertThat(near.call("count shelf.box")).isEqualTo("1");
        }
    }

    @Test
    void everyKindOfInvalidationReachesTheOtherJvmsNearCache() {
        try (AgentJvm writer = listening(jvm("120s")); AgentJvm reader = listening(jvm("120s"))) {
            String[][] kinds = {{"write", "10"}, {"writeKey", "11"}, {"writeAll", "12"}, {"save", "13"}};
            for (String[] kind : kinds) {
                String id = kind[1];
                row(Long.parseLong(id), "old");
                assertThat(reader.call("read " + id)).isEqualTo("old");
                assertThat(reader.call("read " + id)).isEqualTo("old");
                int loads = Integer.parseInt(reader.call("count shelf.read"));

                assertThat(writer.call(kind[0] + " " + id + " new-" + kind[0])).isIn("done", "new-" + kind[0]);

                Awaitility.await(kind[0] + " reaching the other JVM").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> reader.call("read " + id), v -> v.equals("new-" + kind[0]));
                if (kind[0].equals("save")) {
                    // A write-through stores the new value: the other JVM reads it without a load.
                    assertThat(reader.call("count shelf.read")).isEqualTo(String.valueOf(loads));
                }
            }
        }
    }

    @Test
    void aJvmsOwnEvictionIsSeenByItsNextCall() {
        row(3, "old");
        try (AgentJvm jvm = listening(jvm("120s"))) {
            assertThat(jvm.call("read 3")).isEqualTo("old");
            assertThat(jvm.call("read 3")).isEqualTo("old");
            assertThat(jvm.call("write 3 new")).isEqualTo("done");
            assertThat(jvm.call("read 3")).isEqualTo("new");
        }
    }

    /**
     * Pub/sub drops what is published while a subscriber is disconnected. Here every
     * subscription is killed and an eviction made before Redisson resubscribes; the near cache
     * must not go on serving the evicted value for its TTL (120 s), only until it hears again.
     */
    @Test
    void anEvictionMissedWhileUnsubscribedDoesNotOutliveTheResubscription() {
        String channel = PREFIX + ":cachet-invalidations";
        try (AgentJvm writer = listening(jvm("120s")); AgentJvm reader = listening(jvm("120s"))) {
            int surelyLost = 0;
            for (int i = 1; i <= 10; i++) {
                String before = "k" + (i - 1);
                writer.call("write 5 " + before);
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                        .until(() -> reader.call("read 5"), v -> v.equals(before));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> subscribers(channel) == 2);

                resp.command("CLIENT", "KILL", "TYPE", "pubsub");
                assertThat(writer.call("write 5 k" + i)).isEqualTo("done");
                if (subscribers(channel) == 0) {
                    surelyLost++; // nobody was subscribed even after the eviction returned
                }

                int round = i;
                Awaitility.await("the evicted value gone after a lost announcement").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> reader.call("read 5"), v -> v.equals("k" + round));
            }
            System.out.println("[near] announcements surely lost to the reader: " + surelyLost + " of 10");
            assertThat(surelyLost).as("the scenario really lost announcements").isPositive();
        }
    }

    /**
     * A JVM that has lost Redis can miss any announcement, so its near cache serves nothing
     * until it has resubscribed, and then starts empty.
     */
    @Test
    void aJvmThatLostRedisTrustsNothingItHeldBefore() {
        try (TestRedis own = TestRedis.start()) {
            assumeTrue(own.canRestart(), "needs a Redis this test can kill: " + own.kind());
            row(8, "before");
            try (AgentJvm jvm = AgentJvm.builder().redis(own, PREFIX).mainClass("io.cachet.it.apps.near.NearApp")
                    .sysProp("shelf.dir", shelf.toString()).sysProp("cachet.near.ttl", "120s").start().awaitConnected()) {
                listening(jvm);
                assertThat(jvm.call("read 8")).isEqualTo("before");
                assertThat(jvm.call("read 8")).isEqualTo("before");
                assertThat(jvm.call("count shelf.read")).isEqualTo("1");

                own.kill();
                row(8, "while-down"); // an eviction this JVM could never have heard of
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> jvm.call("read 8"), v -> v.equals("while-down"));

                own.restart();
                try (RedisResp ownResp = own.client()) {
                    // In process again once resubscribed: a hit survives the entry leaving Redis.
                    Awaitility.await("near cache back").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                            .until(() -> {
                                jvm.call("read 8");
                                ownResp.command("DEL", ENTRY + "8");
                                String loads = jvm.call("count shelf.read");
                                return jvm.call("read 8").equals("while-down") && jvm.call("count shelf.read").equals(loads);
                            });
                }
            }
        }
    }

    @Test
    void noEntryIsServedLongerThanTheNearTtlAfterItWasReadFromRedis() {
        row(6, "x");
        try (AgentJvm jvm = listening(jvm("2s"))) {
            assertThat(jvm.call("read 6")).isEqualTo("x");
            awaitKey(ENTRY + "6");
            long filled = System.nanoTime();
            // An invalidation nobody announces: only the near TTL bounds what it costs.
            row(6, "y");
            resp.command("DEL", ENTRY + "6");
            assertThat(jvm.call("read 6")).isEqualTo("x");
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> jvm.call("read 6"), v -> v.equals("y"));
            System.out.printf("[near] unannounced change seen after %d ms (near ttl 2000 ms)%n",
                    (System.nanoTime() - filled) / 1_000_000);
        }
    }

    /**
     * One JVM evicts 1,000 times, another reads the same key in a loop; for each eviction, the
     * delay is from its return until the reader first returned that value or a later one.
     */
    @Test
    void propagationDelayOverAThousandEvictions() throws Exception {
        int n = 1000;
        row(7, "v0");
        try (AgentJvm writer = listening(jvm("60s")); AgentJvm reader = listening(jvm("60s"))) {
            assertThat(reader.call("read 7")).isEqualTo("v0");
            CompletableFuture<String> follow = CompletableFuture.supplyAsync(() -> reader.call("follow 7 " + n + " 60000"));
            long[] evicted = parse(writer.call("pace 7 " + n + " 2000"));
            long[] seen = parse(follow.get());
            assertThat(seen[n - 1]).as("the reader saw the last value").isPositive();

            long[] delays = new long[n];
            long earliestLater = Long.MAX_VALUE;
            for (int i = n - 1; i >= 0; i--) {
                if (seen[i] > 0) {
                    earliestLater = Math.min(earliestLater, seen[i]);
                }
                delays[i] = Math.max(0, earliestLater - evicted[i]);
            }
            Arrays.sort(delays);
            String report = String.format("[near] propagation over %d evictions: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                    n, delays[n / 2] / 1e6, delays[n * 99 / 100] / 1e6, delays[n - 1] / 1e6);
            System.out.println(report);
            Files.writeString(Paths.get("target", "near-propagation.txt"), report + System.lineSeparator());
            assertThat(delays[n - 1]).as("no stale value beyond the near TTL").isLessThan(Duration.ofSeconds(60).toNanos());
        }
    }

    private static long subscribers(String channel) {
        java.util.List<?> reply = (java.util.List<?>) resp.command("PUBSUB", "NUMSUB", channel);
        return (Long) reply.get(1);
    }

    private static long[] parse(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }
}
