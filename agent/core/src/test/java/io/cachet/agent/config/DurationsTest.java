package io.cachet.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesMilliseconds() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void microsecondsAreOnlyForShortWaits() {
        assertThat(Durations.parseShort("100us")).isEqualTo(Duration.ofNanos(100_000));
        assertThat(Durations.parseShort("2ms")).isEqualTo(Duration.ofMillis(2));
        assertThatThrownBy(() -> Durations.parse("100us")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parseShort("1.5us")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesSeconds() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void parsesMinutes() {
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void parsesHours() {
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void parsesDays() {
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void parsesIso8601() {
        assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void parseAcceptsZeroButParsePositiveDoesNot() {
        assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parse("PT0S")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Durations.parsePositive("0s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be longer than zero");
        assertThatThrownBy(() -> Durations.parsePositive("PT0S"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be longer than zero");
    }

    @Test
    void parsePositiveAcceptsPositiveValues() {
        assertThat(Durations.parsePositive("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(Durations.parsePositive("PT5S")).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "-1s", " 10m", "10m ", "10", "1.5s", "10 m", "10M", "+5s", "s", "ms", "1e3ms",
            "10min", "1w", "pt10m", "-PT10M"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Durations.SYNTAX);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsNullAndEmpty(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty duration (" + Durations.SYNTAX + ")");
    }

    @Test
    void rejectsNegativeIso() {
        assertThatThrownBy(() -> Durations.parse("PT-1S"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative duration");
    }

    @Test
    void rejectsMalformedIso() {
        assertThatThrownBy(() -> Durations.parse("PTXM"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an ISO-8601 duration");
        assertThatThrownBy(() -> Durations.parse("P"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an ISO-8601 duration");
    }

    @Test
    void rejectsNumbersLongerThanTwelveDigits() {
        assertThat(Durations.parse("999999999999ms")).isEqualTo(Duration.ofMillis(999_999_999_999L));
        assertThatThrownBy(() -> Durations.parse("1000000000000ms")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatUsesTheLargestExactUnit() {
        assertThat(Durations.format(Duration.ofNanos(100_000))).isEqualTo("100us");
        assertThat(Durations.format(Duration.ofNanos(1_500_000))).isEqualTo("1500us");
        assertThat(Durations.format(Duration.ofDays(999_999_999_999L))).isEqualTo("999999999999d");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofMinutes(60))).isEqualTo("1h");
        assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Durations.format(Duration.ofHours(48))).isEqualTo("2d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "1500ms", "999999999999ms", "999999999999d", "30s", "10m", "2h", "1d", "7d"})
    void formatRoundTripsThroughParse(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }

    @Test
    void formatRoundTripsMicrosecondsThroughParseShort() {
        assertThat(Durations.format(Durations.parseShort("100us"))).isEqualTo("100us");
    }
}
