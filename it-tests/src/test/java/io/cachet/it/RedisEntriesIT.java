package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisBackedTest;
import io.cachet.it.support.RedisResp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the agent leaves in Redis, and how it treats what it finds there. */
class RedisEntriesIT extends RedisBackedTest {

    private static AgentJvm jvm(String prefix) {
        return AgentJvm.builder().redis(redis, prefix).start().awaitConnected();
    }

    @Test
    void everyEntryHasAServerSideTtlWithinTheJitterBounds() {
        try (AgentJvm app = jvm("ttl")) {
            for (int k = 0; k < 20; k++) {
                app.call("ttlProbe " + k);
            }
            for (int k = 0; k < 20; k++) {
                String key = "ttl:cachet:Catalog.ttlProbe:" + k;
                awaitKey(key);
                // ttl = 10s, jitter = 0.1: between 10 s and 11 s, less the little time since the write.
                assertThat(resp.pttl(key)).isBetween(9_000L, 11_000L);
            }
            assertThat(resp.keys("ttl:*")).allSatisfy(key -> assertThat(resp.pttl(key)).isPositive());
        }
    }

    @Test
    void theDefaultTtlComesFromConfiguration() {
        try (AgentJvm app = AgentJvm.builder().redis(redis, "defttl").sysProp("cachet.default.ttl", "42s").start().awaitConnected()) {
            app.call("defaultTtl 1");
            awaitKey("defttl:cachet:Catalog.defaultTtl:1");
            assertThat(resp.pttl("defttl:cachet:Catalog.defaultTtl:1")).isBetween(40_000L, 42_000L);
        }
    }

    @Test
    void slidingTtlIsRestartedByAHit() {
        try (AgentJvm app = jvm("slide")) {
            String key = "slide:cachet:Catalog.sliding:1";
            app.call("sliding 1");
            awaitKey(key);
            resp.command("PEXPIRE", key, "1500");
            assertThat(app.call("sliding 1")).isEqualTo("sliding-1#1 <String>");
            // The TTL is restarted without making the caller wait for it.
            Awaitility.await("the hit restarted the 5 s TTL").atMost(Duration.ofSeconds(1)).until(() -> resp.pttl(key) > 4_000L);
        }
    }

    /**
     * A method's first miss is two round trips before the method runs: the read, then one script
     * that takes the lease and reads again (it was a {@code SET NX PX} and a second MGET, one
     * after the other). A miss after a miss is one: a script that reads and, finding no entry,
     * takes the lease. Counted in {@code MONITOR}'s lines, which name the client that sent each
     * command, or {@code lua} for a script's.
     */
    @Test
    void aMissTakesItsLeaseInOneScriptAndAfterAMissReadsInItToo() {
        int misses = 5;
        try (AgentJvm app = jvm("trips"); RedisResp monitor = redis.client()) {
            monitor.command("MONITOR");
            for (int id = 1; id <= misses; id++) {
                app.call("describe " + id);
            }
            assertThat(app.count("describe")).as("every call was a miss").isEqualTo(misses);
            List<String> lines = new ArrayList<>();
            // The stores are sent behind the calls: the last one's SET is the end of the story.
            String lastStore = "\"trips:cachet:catalog.describe:" + misses + "\"";
            String line;
            do {
                // Lower case: a client's command names are as it sent them, a script's as it wrote them.
                line = String.valueOf(monitor.next()).toLowerCase(Locale.ROOT);
                lines.add(line);
            } while (!line.contains("\"psetex\" " + lastStore));
            for (int id = 1; id <= misses; id++) {
                String entry = "\"trips:cachet:catalog.describe:" + id + "\"";
                String lease = "\"trips:cachet-lease:catalog.describe:" + id + "\"";
                assertThat(lines).filteredOn(l -> !l.contains("[0 lua]") && l.contains("\"mget\" " + entry))
                        .as("MGETs the application's JVM sent for " + entry + ": only the first miss reads alone")
                        .hasSize(id == 1 ? 1 : 0);
                assertThat(lines).filteredOn(l -> !l.contains("[0 lua]") && l.contains("\"set\" " + lease))
                        .as("lease SETs it sent for " + lease).isEmpty();
                assertThat(lines).filteredOn(l -> l.contains("[0 lua]") && l.contains("\"set\" " + lease) && l.contains("\"nx\""))
                        .as("lease SETs a script ran for " + lease).hasSize(1);
                assertThat(lines).filteredOn(l -> l.contains("[0 lua]") && l.contains("\"mget\" " + entry))
                        .as("MGETs a script ran for " + entry).hasSize(1);
            }
        }
    }

    @Test
    void twoJvmsShareEntries() {
        try (AgentJvm first = jvm("shared"); AgentJvm second = jvm("shared")) {
            assertThat(first.call("item 5")).isEqualTo("Item[id=5, name=item 5#1, tags=[a, b]] <Item>");
            awaitKey("shared:cachet:Catalog.item:5");
            assertThat(second.call("item 5")).isEqualTo("Item[id=5, name=item 5#1, tags=[a, b]] <Item>");
            assertThat(second.count("item")).as("the second JVM never ran the method").isZero();
        }
    }

    @Test
    void keysAreReadableAndStableAcrossRestartsForEveryArgumentKind() {
        List<String> kinds = List.of("null", "long", "string", "list", "set", "linkedSet", "map", "record", "enum",
                "array", "pojo", "long-text", "binary");
        try (AgentJvm first = jvm("stable")) {
            int distinct = 0;
            for (String kind : kinds) {
                first.call("keyOf " + kind);
                if (!kind.equals("linkedSet")) {
                    int expected = ++distinct;
                    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> resp.keys("stable:cachet:keys:*").size() == expected);
                }
            }
            assertThat(first.count("keyOf")).as("every kind has its own key, but a set is a set: the two sets share one")
                    .isEqualTo(kinds.size() - 1);
        }
        // Sets are written sorted, so a HashSet and a LinkedHashSet of the same elements share a key.
        // keyOf takes an Object: a value not of its declared type carries its type (42L, a quoted string, Color.GREEN).
        assertThat(resp.keys("stable:cachet:keys:*")).contains(
                "stable:cachet:keys:~",
                "stable:cachet:keys:42L",
                "stable:cachet:keys:\"hello, world\"",
                "stable:cachet:keys:[1,2L,\"three\"]",
                "stable:cachet:keys:{\"apple\",\"fig\",\"kiwi\",\"pear\",\"plum\"}",
                "stable:cachet:keys:{\"a\"=[\"x\"],\"z\"=1}",
                "stable:cachet:keys:Item(id=7L,name=\"seven\",tags=[\"t1\",\"t2\"])",
                "stable:cachet:keys:Color.GREEN",
                "stable:cachet:keys:[3,1,2]",
                "stable:cachet:keys:Query(page=2,text=\"shoes\")");
        assertThat(resp.keys("stable:cachet:keys:#*")).as("long and binary key parts are hashed")
                .hasSize(2).allSatisfy(k -> assertThat(k).matches("stable:cachet:keys:#[0-9a-f]{32}"));

        try (AgentJvm restarted = jvm("stable")) {
            for (String kind : kinds) {
                restarted.call("keyOf " + kind);
            }
            assertThat(restarted.count("keyOf")).as("after a restart every key is found again").isZero();
        }
    }

    @Test
    void garbageUnderAKeyIsAMissNotAnError() {
        String key = "garbage:cachet:Catalog.describe:77";
        resp.setBytes(key, "not a cachet entry".getBytes(StandardCharsets.UTF_8));
        try (AgentJvm app = jvm("garbage")) {
            assertThat(app.call("describe 77")).isEqualTo("item-77#1 <String>");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> resp.getBytes(key)[0] == (byte) 0xCA);
            assertThat(app.call("describe 77")).as("the miss rewrote a valid entry").isEqualTo("item-77#1 <String>");
            assertThat(app.count("describe")).isEqualTo(1);

            byte[] valid = resp.getBytes(key);
            byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 3);
            resp.setBytes(key, truncated);
            assertThat(app.call("describe 77")).isEqualTo("item-77#2 <String>");
            assertThat(app.logText()).doesNotContain("Exception");
        }
    }

    @Test
    void aClassOutsideTheAllowListIsNeverLoadedByDecoding() {
        // A JVM that allows org.gadget stores a Gadget; another, with the default allow-list,
        // reads those bytes: a miss, and the JVM's class-loading log shows it never loaded Gadget.
        try (AgentJvm writer = AgentJvm.builder().redis(redis, "gadget")
                .sysProp("cachet.codec.allowed-packages", "org.gadget").start().awaitConnected()) {
            assertThat(writer.call("anything gadget")).isEqualTo("Gadget(payload) <Gadget>");
            awaitKey("gadget:cachet:Catalog.anything:gadget");
        }
        try (AgentJvm reader = AgentJvm.builder().redis(redis, "gadget").jvmArg("-Xlog:class+load=info:stderr")
                .start().awaitConnected()) {
            reader.call("anything plain");
            String before = reader.logText();
            assertThat(before).doesNotContain("[class,load] org.gadget.Gadget");
            String result = reader.call("anything gadget");
            assertThat(reader.count("anything")).as("a miss: the method ran").isEqualTo(2);
            assertThat(result).isEqualTo("Gadget(payload) <Gadget>");
            // Only the method body itself may load Gadget (to build its fresh result), never the decoder:
            // so the first load of Gadget comes after the miss was decided, from the application's own call.
            assertThat(reader.logText().lines().filter(l -> l.contains("[class,load] org.gadget.Gadget")))
                    .as(reader.logText()).hasSize(1);
        }
    }
}
