package io.cachet.agent.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NearKeyTest {

    @Test
    void equalValuesAreOneKey() {
        UUID id = UUID.randomUUID();
        Object a = NearKey.of(new Object[] {"sku", 42L, id, null}, new int[] {0, 1, 2, 3});
        Object b = NearKey.of(new Object[] {new String("sku"), 42L, id, null}, new int[] {0, 1, 2, 3});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void oneArgumentIsItsOwnKeyAndANullOneAKeyAMapCanHold() {
        assertThat(NearKey.of(new Object[] {42L, "ignored"}, new int[] {0})).isEqualTo(42L);
        assertThat(NearKey.of(new Object[] {"ignored", null}, new int[] {1})).isNotNull().isSameAs(NearKey.of(new Object[] {null}, new int[] {0}));
    }

    @Test
    void otherValuesTellKeysApartAndUnusedArgumentsDoNot() {
        Object a = NearKey.of(new Object[] {"sku", 1, "ignored"}, new int[] {0, 1});
        assertThat(a).isNotEqualTo(NearKey.of(new Object[] {"other", 1}, new int[] {0, 1}));
        assertThat(a).isEqualTo(NearKey.of(new Object[] {"sku", 1, "different"}, new int[] {0, 1}));
        assertThat(a).isNotEqualTo(NearKey.of(new Object[] {"sku", 1L}, new int[] {0, 1}));
        assertThat(NearKey.of(new Object[] {1}, new int[] {0})).isNotEqualTo(NearKey.of(new Object[] {1L}, new int[] {0}));
    }

    @Test
    void argumentsSomeoneCouldChangeAreNotHeld() {
        assertThat(NearKey.of(new Object[] {new ArrayList<>()}, new int[] {0})).isNull();
        assertThat(NearKey.of(new Object[] {new StringBuilder("x")}, new int[] {0})).isNull();
        assertThat(NearKey.of(new Object[] {1.5d}, new int[] {0})).isNull();
        assertThat(NearKey.of(new Object[] {"sku", new ArrayList<>()}, new int[] {0, 1})).isNull();
    }
}
