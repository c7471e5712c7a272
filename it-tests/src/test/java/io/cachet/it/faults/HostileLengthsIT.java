package io.cachet.it.faults;

import static io.cachet.it.support.EntryBytes.concat;
import static io.cachet.it.support.EntryBytes.stringClassNotNull;
import static io.cachet.it.support.EntryBytes.withPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.EntryBytes;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.RedisNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 9: lengths in an entry are claims. A String claiming 2^31 - 2 characters, or a
 * byte[] claiming 2^31 - 2 bytes, in a few dozen bytes of entry must be a miss, not an
 * allocation that ends a JVM run with {@code -XX:+ExitOnOutOfMemoryError}; and an entry
 * claiming 100 M characters must not leave its buffer in the codec's pool, where it keeps the
 * memory the application needs. Entries are forged into Redis by {@link EntryBytes}; a benign
 * forgery made the same way must be served, which shows the forged ones reach the decoder.
 */
class HostileLengthsIT {

    /** Kryo's {@code byte[]}, which it writes by class name, and the "not null" marker. */
    private static final byte[] BYTE_ARRAY = concat(EntryBytes.className("[B"), new byte[] {1});

    @Test
    void aStringLongerThanTheBytesPresentIsAMissNotAnAllocation() {
        try (RedisNode redis = RedisNode.start("hostile-string");
             AgentJvm jvm = exitingOnOutOfMemory(redis)) {
            FaultCalls app = new FaultCalls(jvm);
            String key = "len:cachet:Payloads.text:1";
            byte[] text = storedEntry(app, redis, "payloads.text 1", key);
            forge(redis, key, withPayload(text, stringClassNotNull(), EntryBytes.utf8String("f\u00f3rged")));
            assertThat(app.call("payloads.text 1")).as("a benign forgery is served (the forged entries reach the decoder)")
                    .isEqualTo("f\u00f3rged");

            forge(redis, key, withPayload(text, stringClassNotNull(), EntryBytes.stringLengthClaim(Integer.MAX_VALUE - 1),
                    "t\u00e9xt-1".getBytes(StandardCharsets.UTF_8)));
            assertThat(survive(jvm, app, "payloads.text 1", "a String claiming 2^31 - 2 characters")).isEqualTo("t\u00e9xt-1");
        }
    }

    @Test
    void aByteArrayLongerThanTheBytesPresentIsAMissNotAnAllocation() {
        try (RedisNode redis = RedisNode.start("hostile-bytes");
             AgentJvm jvm = exitingOnOutOfMemory(redis)) {
            FaultCalls app = new FaultCalls(jvm);
            String key = "len:cachet:Payloads.blob:1";
            byte[] blob = storedEntry(app, redis, "payloads.blob 1", key);
            forge(redis, key, withPayload(blob, BYTE_ARRAY, EntryBytes.varInt(5), new byte[] {1, 2, 3, 4}));
            assertThat(app.call("payloads.blob 1")).as("a benign forgery is served (the forged entries reach the decoder)")
                    .isEqualTo("blob of 4 bytes");

            forge(redis, key, withPayload(blob, BYTE_ARRAY, EntryBytes.varInt(Integer.MAX_VALUE), new byte[] {1, 2, 3, 4}));
            assertThat(survive(jvm, app, "payloads.blob 1", "a byte[] claiming 2^31 - 2 bytes")).isEqualTo("blob of 1048576 bytes");
        }
    }

    /**
     * With a 2 s Redis timeout: on a loaded machine a 1 MB entry's read can outlast the default
     * 100 ms, and a read given up runs the method instead of reaching the decoder under test.
     */
    private static AgentJvm exitingOnOutOfMemory(RedisNode redis) {
        return AgentJvm.builder().jvmArg("-XX:+ExitOnOutOfMemoryError").sysProp("cachet.redis.timeout", "2s")
                .redis(redis.address(), "len").start().awaitConnected();
    }

    @Test
    void aLargeClaimLeavesNothingInThePooledBuffers() {
        try (RedisNode redis = RedisNode.start("hostile-pool");
             AgentJvm jvm = AgentJvm.builder().jvmArg("-Xmx512m")
                     .redis(redis.address(), "pool").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            byte[] text = storedEntry(app, redis, "payloads.text 2", "pool:cachet:Payloads.text:2");
            long before = Long.parseLong(app.call("heapAfterGc"));

            forge(redis, "pool:cachet:Payloads.text:2", withPayload(text, stringClassNotNull(),
                    EntryBytes.stringLengthClaim(100_000_000), "t\u00e9xt-2".getBytes(StandardCharsets.UTF_8)));
            assertThat(app.call("payloads.text 2")).isEqualTo("t\u00e9xt-2");
            long after = Long.parseLong(app.call("heapAfterGc"));
            assertThat((after - before) >> 20).as("MiB of heap still in use after GC once one read met an entry claiming"
                    + " 100,000,000 characters (%d MiB before, %d MiB after)", before >> 20, after >> 20).isLessThan(50);
            assertThat(app.call("alloc 300")).as("the application's own allocation of 300 MiB in a 512 MiB heap").startsWith("allocated");
        }
    }

    private static byte[] storedEntry(FaultCalls app, RedisNode redis, String call, String key) {
        app.call(call);
        Awaitility.await(key).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> (Long) redis.command("EXISTS", key) == 1);
        return (byte[]) redis.command("GET", key);
    }

    private static void forge(RedisNode redis, String key, byte[] entry) {
        redis.command("SET", key, entry, "KEEPTTL");
    }

    /** The call's reply, or a failure saying the JVM died of it (the JVM's last words come on its standard output). */
    private static String survive(AgentJvm jvm, FaultCalls app, String call, String what) {
        String reply;
        try {
            reply = app.call(call);
        } catch (IllegalStateException ended) {
            reply = "no reply";
        }
        if (reply.startsWith("Terminating due to") || reply.equals("no reply")) {
            return fail("the application's JVM ended (exit code " + jvm.waitForExit() + ") reading an entry with " + what
                    + ": " + reply);
        }
        return reply;
    }
}
