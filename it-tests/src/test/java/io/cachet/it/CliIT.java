package io.cachet.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.Cli;
import io.cachet.it.support.Http;
import io.cachet.it.support.Jmx;
import io.cachet.it.support.RedisBackedTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The operator commands of {@code java -jar cachet-agent.jar} against a forked JVM with the
 * agent and a real Redis: {@code stats} over JMX, {@code evict} and {@code inspect} with the
 * application's configuration file; and their one-line refusals.
 */
class CliIT extends RedisBackedTest {

    private static Path config(String address, String prefix) throws Exception {
        Path file = Files.createTempFile("cachet", ".properties");
        Files.writeString(file, "cachet.redis.address=" + address + "\ncachet.key.prefix=" + prefix + "\n");
        return file;
    }

    @Test
    void statsEvictAndInspectARunningApplication() throws Exception {
        Path config = config(redis.address(), "cli-ops");
        try (AgentJvm app = AgentJvm.builder().agentArgs("config=" + config).jvmArg("-XX:+EnableDynamicAgentLoading").start()) {
            app.awaitConnected();
            app.call("ops.price 1");
            awaitKey("cli-ops:cachet:Ops.price:1");
            app.call("ops.price 1");
            try (Jmx jmx = Jmx.connect(app.pid()).awaitCache("Ops.price")) {
                assertThat(jmx.counter("Ops.price", "Calls")).isEqualTo(2);
            }

            Cli stats = Cli.run("stats", String.valueOf(app.pid()));
            assertThat(stats.exit).as(stats.toString()).isZero();
            assertThat(stats.out).containsPattern("(?m)^cache\\s+calls\\s+L1 hits\\s+L2 hits\\s+misses\\s+hit%")
                    .containsPattern("(?m)^Ops\\.price\\s+2\\s+0\\s+1\\s+1\\s+50\\.0\\s")
                    .contains("circuit closed");

            // Counters start at a random base (the cache's was created by the first read): a bump adds one.
            String cacheCounter = counter("cli-ops:cachet-v:cache:Ops.price");
            Cli all = Cli.run("evict", "--cache", "Ops.price", "--config", config.toString());
            assertThat(all.exit).as(all.toString()).isZero();
            assertThat(all.out).isEqualTo("evicted every entry of Ops.price");
            assertThat(counter("cli-ops:cachet-v:cache:Ops.price")).isEqualTo(String.valueOf(Long.parseLong(cacheCounter) + 1));
            app.call("ops.price 1");
            assertThat(app.count("ops.price")).as("the whole cache was evicted, as allEntries does").isEqualTo(2);
            awaitKey("cli-ops:cachet:Ops.price:1");

            Cli tag = Cli.run("evict", "--tag", "ops:1", "--config", config.toString());
            assertThat(tag.exit).as(tag.toString()).isZero();
            assertThat(counter("cli-ops:cachet-v:tag:ops:1")).as("a counter, created by the bump").matches("\\d+");
            assertThat(resp.pttl("cli-ops:cachet-v:tag:ops:1")).as("counters live for the retention").isPositive();
            app.call("ops.price 1");
            assertThat(app.count("ops.price")).as("the tag was evicted, as @Evicts(tags) does").isEqualTo(3);
            awaitKey("cli-ops:cachet:Ops.price:1");

            Cli key = Cli.run("evict", "--cache", "Ops.price", "--key", "1", "--config", config.toString());
            assertThat(key.exit).as(key.toString()).isZero();
            assertThat(resp.exists("cli-ops:cachet:Ops.price:1")).as("a key eviction deletes the entry").isFalse();
            app.call("ops.price 1");
            assertThat(app.count("ops.price")).isEqualTo(4);

            app.call("ops.price 2");
            app.call("ops.price 3");
            awaitKey("cli-ops:cachet:Ops.price:2");
            awaitKey("cli-ops:cachet:Ops.price:3");
            awaitKey("cli-ops:cachet:Ops.price:1");
            Cli inspect = Cli.run("inspect", "--cache", "Ops.price", "--config", config.toString());
            assertThat(inspect.exit).as(inspect.toString()).isZero();
            assertThat(inspect.out).contains("entries: 3", "all of them")
                    .containsPattern("(?m)^cli-ops:cachet:Ops\\.price:2\\s+[0-9]+s\\s+[0-9]+$");
            Cli bounded = Cli.run("inspect", "--cache", "Ops.price", "--scan", "2", "--config", config.toString());
            assertThat(bounded.exit).as(bounded.toString()).isZero();
            assertThat(bounded.out).contains("entries (estimate): ~", "SCAN saw 2 of");
        }
    }

    private static String counter(String key) {
        byte[] v = resp.getBytes(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentsAndUnreachableTargetsAreOneLineErrors() throws Exception {
        Cli help = Cli.run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("stats <pid>", "evict --tag T | --cache C [--key K]", "inspect --cache C");

        for (String[] bad : new String[][] {{}, {"frob"}, {"evict", "--tag", "a", "--cache", "b"}, {"evict", "--bogus", "1"},
                {"inspect"}, {"stats"}, {"stats", "not-a-pid"}, {"evict", "--cache", "C", "--key"},
                {"evict", "--cache", "C", "--key", "k".repeat(500), "--config", config(redis.address(), "x").toString()}}) {
            Cli r = Cli.run(bad);
            assertThat(r.exit).as(String.join(" ", bad) + " -> " + r).isEqualTo(2);
            if (bad.length > 0) {
                assertThat(r.err.lines().count()).as(r.toString()).isEqualTo(1);
            }
        }

        Cli noJvm = Cli.run("stats", "2147483646");
        assertThat(noJvm.exit).as(noJvm.toString()).isEqualTo(1);
        assertThat(noJvm.err).startsWith("cachet stats: cannot attach to JVM 2147483646").doesNotContain("\n");

        Path deadRedis = config("redis://operator:s3cret@127.0.0.1:" + Http.freePort(), "x");
        for (String[] args : new String[][] {{"evict", "--tag", "t", "--config", deadRedis.toString()},
                {"inspect", "--cache", "C", "--config", deadRedis.toString()}}) {
            Cli r = Cli.run(args);
            assertThat(r.exit).as(r.toString()).isEqualTo(1);
            assertThat(r.err).contains("cannot reach Redis").doesNotContain("\n").doesNotContain("s3cret");
            assertThat(r.out).isEmpty();
        }
    }
}
