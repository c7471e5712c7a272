package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisReadsTest {

    @Test
    void countersAreReadFromMgetDigits() {
        assertThat(RedisReads.counterValue(null)).as("absent").isZero();
        assertThat(RedisReads.counterValue("0".getBytes(StandardCharsets.US_ASCII))).isZero();
        assertThat(RedisReads.counterValue("123456789012".getBytes(StandardCharsets.US_ASCII))).isEqualTo(123456789012L);
    }

    @Test
    void somethingElseUnderACounterKeyMatchesNoRecordedVersion() {
        assertThat(RedisReads.counterValue("x1".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(RedisReads.counterValue("-5".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(RedisReads.counterValue("99999999999999999999".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }
}
