package io.cachet.agent.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImmutableValuesTest {

    enum Color { RED }

    record Point(int x, int y, String label) {
    }

    record Holder(List<String> items) {
    }

    static final class Money {
        private final String currency;
        private final long cents;

        Money(String currency, long cents) {
            this.currency = currency;
            this.cents = cents;
        }
    }

    static class Counter {
        private int count;
    }

    /** Final fields, but one of them holds something the caller can change. */
    static final class Basket {
        private final List<String> items;

        Basket(List<String> items) {
            this.items = items;
        }
    }

    /** BigDecimal can be subclassed; a subclass may add state the caller can change. */
    static final class MutableDecimal extends BigDecimal {
        int touched;

        MutableDecimal() {
            super(1);
        }
    }

    @Test
    void valueTypesEnumsRecordsAndUnmodifiableCollectionsOfThemAreShared() {
        assertThat(ImmutableValues.canShare("s")).isTrue();
        assertThat(ImmutableValues.canShare(42L)).isTrue();
        assertThat(ImmutableValues.canShare(Instant.EPOCH)).isTrue();
        assertThat(ImmutableValues.canShare(Color.RED)).isTrue();
        assertThat(ImmutableValues.canShare(new Point(1, 2, "p"))).isTrue();
        assertThat(ImmutableValues.canShare(List.of(new Point(1, 2, "p")))).isTrue();
        assertThat(ImmutableValues.canShare(Map.of("k", Set.of(1, 2)))).isTrue();
        assertThat(ImmutableValues.canShare(new Holder(List.of("a")))).isTrue();
        assertThat(ImmutableValues.canShare(new Money("EUR", 100))).isTrue();
        assertThat(ImmutableValues.canShare(new Basket(List.of("a")))).isTrue();
    }

    @Test
    void anythingACallerCouldChangeIsNot() {
        assertThat(ImmutableValues.canShare(new ArrayList<>(List.of("a")))).isFalse();
        assertThat(ImmutableValues.canShare(new Holder(new ArrayList<>()))).isFalse();
        assertThat(ImmutableValues.canShare(List.of(new Date()))).isFalse();
        assertThat(ImmutableValues.canShare(new int[] {1})).isFalse();
        assertThat(ImmutableValues.canShare(new MutableDecimal())).isFalse();
        assertThat(ImmutableValues.canShare(new StringBuilder())).isFalse();
        assertThat(ImmutableValues.canShare(new Counter())).isFalse();
        assertThat(ImmutableValues.canShare(new Basket(new ArrayList<>()))).isFalse();
    }
}
