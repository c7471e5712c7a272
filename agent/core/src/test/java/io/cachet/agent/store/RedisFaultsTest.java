package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisTimeoutException;

/**
 * A data error or a refused write is Redis's answer to one call, and must not open the circuit
 * for every method (issue 13, items 7 and 8); a timeout or a lost connection is a fault.
 */
class RedisFaultsTest {

    private static final String DETAILS = ". channel: [id: 0x1] command: (INCR), params: [cachet-v:tag:rec:1]";

    @Test
    void dataErrorsAndRefusedWritesAreAnswers() {
        assertThat(RedisFaults.isAnswer(new RedisException("ERR value is not an integer or out of range" + DETAILS))).isTrue();
        assertThat(RedisFaults.isAnswer(new RedisException("WRONGTYPE Operation against a key holding the wrong kind of value"
                + DETAILS))).isTrue();
        assertThat(RedisFaults.isAnswer(new RedisOutOfMemoryException("OOM command not allowed when used memory > 'maxmemory'."
                + DETAILS))).isTrue();
        assertThat(RedisFaults.isAnswer(new RedisReadonlyException("READONLY You can't write against a read only replica."
                + DETAILS))).isTrue();
        assertThat(RedisFaults.isAnswer(new ExecutionException(new RedisException("ERR value is not an integer" + DETAILS))))
                .as("however wrapped").isTrue();
    }

    @Test
    void timeoutsLostConnectionsAndUnusableServersAreFaults() {
        assertThat(RedisFaults.isAnswer(new RedisTimeoutException("Command execution timeout"))).isFalse();
        assertThat(RedisFaults.isAnswer(new RedisConnectionException("Unable to connect"))).isFalse();
        assertThat(RedisFaults.isAnswer(new RedisLoadingException("LOADING Redis is loading the dataset in memory"))).isFalse();
        assertThat(RedisFaults.isAnswer(new RedisException("ERR max number of clients reached"))).isFalse();
        assertThat(RedisFaults.isAnswer(new java.util.concurrent.CancellationException())).isFalse();
    }

    @Test
    void answersNeverOpenTheCircuitFaultsDo() {
        CircuitBreaker circuit = new CircuitBreaker(2, 1_000_000_000L);
        RedisCalls calls = new RedisCalls(null, circuit, 100, new SlowEntries(2, 1_000_000_000L), new ReplyWait(0, 1));
        for (int i = 0; i < 10; i++) {
            calls.failed(new RedisException("ERR value is not an integer or out of range" + DETAILS));
            calls.failed(new RedisOutOfMemoryException("OOM command not allowed" + DETAILS));
        }
        assertThat(circuit.isOpen()).as("after 20 error replies").isFalse();
        calls.failed(new RedisTimeoutException("Command execution timeout"));
        calls.failed(new RedisConnectionException("Connection closed"));
        assertThat(circuit.isOpen()).as("after two faults in a row").isTrue();
    }

    @Test
    void aLogLineQuotesNoReplyItCouldNotParse() {
        String reply = "Can't decode replay: *4\r\n$11\r\nuser:secret\u0000\u0001\r\n$-1\r\n";
        assertThat(RedisFaults.describe(new java.io.IOException(new IllegalStateException(reply))))
                .isEqualTo("IllegalStateException: Can't decode replay: *4...");
        assertThat(RedisFaults.describe(new RedisException("x".repeat(500)))).hasSize("RedisException: ".length() + 203);
        assertThat(RedisFaults.describe(new RedisException("bad \u0007 byte"))).isEqualTo("RedisException: bad ? byte");
    }
}
