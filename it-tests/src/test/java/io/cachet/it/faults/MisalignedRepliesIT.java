package io.cachet.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.it.support.AgentJvm;
import io.cachet.it.support.FaultCalls;
import io.cachet.it.support.FaultProxy;
import io.cachet.it.support.RedisNode;
import io.cachet.it.support.WorkloadTally;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13, item 5: replies for the wrong command. A read answered with another read's reply
 * (a response mix-up), a reply lost from the stream, or bytes dropped inside replies (a broken
 * middlebox) must never make a read return another key's value; and connections left waiting
 * for a reply that never comes, or misaligned, must be dropped, so that caching resumes once
 * the fault is gone. A flipped bit in a reply belongs here too: when it lands in a length, the
 * rest of the stream is misaligned.
 *
 * <p>Each fault runs in a JVM of its own: connections one fault left out of step would hide what
 * the next one does.
 *
 * <p>A reply lost whole (or a flipped bit in a length) leaves a connection waiting for a reply
 * that never comes, or reading later replies as the rest of an earlier one; dropped bytes leave
 * replies that do not parse. Redisson keeps such a connection in its pool until its PING, every
 * 30 s, finds it; ReplyStreamGuard closes it within two seconds, and without the guard caching
 * did not resume within 10 s after DROP_REPLY or CORRUPT.
 */
class MisalignedRepliesIT {

    @ParameterizedTest
    @EnumSource(value = FaultProxy.Mode.class, names = {"SWAP_REPLY", "DROP_REPLY", "CORRUPT", "DROP_BYTES"})
    void aReplyForAnotherCommandLostOrDamagedIsNeverServedAndCachingResumes(FaultProxy.Mode fault) {
        try (RedisNode redis = RedisNode.start("misaligned");
             FaultProxy proxy = new FaultProxy("127.0.0.1", redis.port);
             AgentJvm jvm = AgentJvm.builder().redis(proxy.address(), "misaligned").start().awaitConnected()) {
            FaultCalls app = new FaultCalls(jvm);
            app.startWorkload(4, 200, 0.0, 100);
            FaultPhases run = new FaultPhases(app, proxy, redis, Duration.ofSeconds(1));
            run.settle("warm");
            run.fault(fault.name().toLowerCase(), () -> proxy.set(fault), proxy::pass);
            List<WorkloadTally> phases = app.stopWorkload();
            phases.forEach(p -> System.out.println("[it] " + p));
            long resumed = run.recoveryMillis().get("after-" + fault.name().toLowerCase());
            System.out.println("[it] " + fault + ": caching resumed " + resumed + " ms after replies were whole again");
            for (WorkloadTally p : phases) {
                assertThat(p.wrong()).as("reads that returned another key's value (or garbage) in %s", p).isZero();
            }
            assertThat(resumed).as("ms until caching resumed once replies were whole again (-1: not within 10 s); %s", phases)
                    .isNotEqualTo(FaultPhases.NEVER);
        }
    }
}
