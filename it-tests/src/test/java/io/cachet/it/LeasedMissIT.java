package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.RedisNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A miss of a method whose last read found no entry reads and takes the lease in one round trip
 * (issue 17's miss path): one script, where a miss is otherwise an MGET and then the lease. One
 * load per cluster (guarantee 5) must hold on that path as on the other, a hit read that way
 * leaves no lease behind, and the round trip must be saved: Redis runs one MGET for such a miss,
 * not two.
 */
class LeasedMissIT {

    private static final Pattern STORM = Pattern.compile("runs=(\\d+) results=\\[(.*)] errors=\\[(.*)] .*");
    private static final String PREFIX = "leased-miss";

    @Test
    void missesAfterAMissReadAndLeaseInOneRoundTripAndStillRunOncePerCluster() throws Exception {
        try (RedisNode redis = RedisNode.start(PREFIX);
             AgentJvm a = jvm(redis); AgentJvm b = jvm(redis); AgentJvm c = jvm(redis)) {
            List<AgentJvm> jvms = List.of(a, b, c);
            for (int i = 0; i < jvms.size(); i++) {
                assertStorm(jvms.get(i).call("storm slow first-" + i + " 1"), 1, "value-of-first-" + i);
            }

            long mgetsBefore = redis.commandCalls("mget");
            int misses = 20;
            for (int i = 0; i < misses; i++) {
                assertStorm(a.call("storm slow fresh-" + i + " 1"), 1, "value-of-fresh-" + i);
            }
            long mgets = redis.commandCalls("mget") - mgetsBefore;
            System.out.println("[it] leased misses: " + misses + " misses after a miss, " + mgets + " MGETs");
            // Redis counts a script's own commands too: a miss read, then leased, ran two MGETs
            // (its read, and the one the script taking the lease makes); read and leased in one
            // script, it runs one.
            assertThat(mgets).as("MGETs for %d misses that each followed a miss: their reads take the lease", misses)
                    .isLessThanOrEqualTo(misses + misses / 4);

            List<CompletableFuture<String>> replies = new ArrayList<>();
            for (AgentJvm jvm : jvms) {
                replies.add(CompletableFuture.supplyAsync(() -> jvm.call("storm slow cold 50")));
            }
            int runs = 0;
            for (CompletableFuture<String> reply : replies) {
                Matcher m = assertStorm(reply.get(), -1, "value-of-cold");
                runs += Integer.parseInt(m.group(1));
            }
            assertThat(runs).as("loads of one cold key by 150 callers in 3 JVMs whose last reads found nothing").isEqualTo(1);

            assertStorm(a.call("storm slow fresh-0 1"), 0, "value-of-fresh-0");
            assertStorm(b.call("storm slow fresh-1 1"), 0, "value-of-fresh-1");
            assertThat((List<?>) redis.command("KEYS", PREFIX + ":cachet-lease:*")).as("leases left behind by hits and loads")
                    .isEmpty();
        }
    }

    private static AgentJvm jvm(RedisNode redis) {
        return AgentJvm.builder().redis(redis.address(), PREFIX).mainClass("io.cachet.it.apps.stampede.StampedeApp")
                .sysProp("load.millis", "50").start().awaitConnected();
    }

    /** Checks a storm's reply: its runs ({@code -1}: any), its one result, no errors. */
    private static Matcher assertStorm(String reply, int runs, String result) {
        Matcher m = STORM.matcher(reply);
        assertThat(m.matches()).as(reply).isTrue();
        if (runs >= 0) {
            assertThat(Integer.parseInt(m.group(1))).as("runs: %s", reply).isEqualTo(runs);
        }
        assertThat(m.group(2)).as(reply).isEqualTo(result);
        assertThat(m.group(3)).as(reply).isEmpty();
        return m;
    }
}
