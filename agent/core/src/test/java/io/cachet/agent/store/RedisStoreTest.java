package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisStoreTest {

    @Test
    void countersAreReadFromMgetDigits() {
        assertThat(RedisStore.counterValue(null)).as("absent").isZero();
        assertThat(RedisStore.counterValue("0".getBytes(StandardCharsets.US_ASCII))).isZero();
        assertThat(RedisStore.counterValue("123456789012".getBytes(StandardCharsets.US_ASCII))).isEqualTo(123456789012L);
    }

    @Test
    void somethingElseUnderACounterKeyMatchesNoRecordedVersion() {
        assertThat(RedisStore.counterValue("x1".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(RedisStore.counterValue("-5".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(RedisStore.counterValue("99999999999999999999".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }
}
