package io.cachet.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.IntToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The way of waiting changes only when the other way, tried on the last block of a cycle, was
 * clearly quicker than the block before it, each timed without its first quarter.
 */
class WaitTrialsTest {

    private static final int BLOCK = 8;
    private static final int CYCLE = BLOCK * WaitTrials.BLOCKS_PER_CYCLE;
    private static final int TRIAL = CYCLE - BLOCK;
    private static final int BEFORE_TRIAL = TRIAL - BLOCK;

    private final WaitTrials trials = new WaitTrials(BLOCK);

    @Test
    void spinsAtFirstAndParksOnTheTrialBlock() {
        for (int i = 0; i < CYCLE; i++) {
            int place = trials.next();
            assertThat(place).isEqualTo(i);
            assertThat(trials.spins(place)).as("call %d spins", i).isEqualTo(i < TRIAL);
        }
        assertThat(trials.next()).as("the next cycle starts").isZero();
    }

    @Test
    void takesTheOtherWayWhenItsTimedCallsWereClearlyQuicker() {
        cycle(place -> place >= TRIAL ? 50 : 100);

        assertThat(trials.spins(0)).as("the next cycle parks").isFalse();
        assertThat(trials.spins(TRIAL)).as("and tries spinning on its last block").isTrue();
    }

    @Test
    void keepsItsWayWhenTheOtherWasNotClearlyQuicker() {
        cycle(place -> place >= TRIAL ? 95 : 100);

        assertThat(trials.spins(0)).isTrue();
    }

    @Test
    void aBlocksFirstQuarterIsItsWarmUpAndIsNotTimed() {
        cycle(place -> place >= TRIAL ? (place - TRIAL < BLOCK / 4 ? 1_000_000_000L : 50) : 100);

        assertThat(trials.spins(0)).as("parks: the trial's slow first calls were its warm-up").isFalse();
    }

    @Test
    void theCurrentWayIsTimedOnTheBlockRightBeforeTheTrial() {
        cycle(place -> place >= TRIAL ? 50 : place >= BEFORE_TRIAL ? 100 : 10);

        assertThat(trials.spins(0)).as("parks: the blocks before the last one do not count").isFalse();
    }

    @Test
    void aChoiceIsReconsideredEveryCycle() {
        cycle(place -> place >= TRIAL ? 50 : 100);
        cycle(place -> place >= TRIAL ? 20 : 100);

        assertThat(trials.spins(0)).as("spinning again: its trial was quicker than parking").isTrue();
    }

    private void cycle(IntToLongFunction waitAt) {
        for (int i = 0; i < CYCLE; i++) {
            int place = trials.next();
            trials.waited(place, waitAt.applyAsLong(place));
        }
    }
}
