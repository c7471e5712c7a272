package io.cachet.agent.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NearKeyTest {

    private final Object method = new Object();

    @Test
    void equalValuesOfOneMethodAreOneKey() {
        UUID id = UUID.randomUUID();
        NearKey a = NearKey.of(method, new Object[] {"sku", 42L, id, null}, new int[] {0, 1, 2, 3});
        NearKey b = NearKey.of(method, new Object[] {new String("sku"), 42L, id, null}, new int[] {0, 1, 2, 3});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void otherMethodsOtherValuesAndUnusedArgumentsTellKeysApart() {
        NearKey a = NearKey.of(method, new Object[] {"sku", "ignored"}, new int[] {0});
        assertThat(a).isNotEqualTo(NearKey.of(new Object(), new Object[] {"sku"}, new int[] {0}));
        assertThat(a).isNotEqualTo(NearKey.of(method, new Object[] {"other"}, new int[] {0}));
        assertThat(a).isEqualTo(NearKey.of(method, new Object[] {"sku", "different"}, new int[] {0}));
        assertThat(NearKey.of(method, new Object[] {1}, new int[] {0})).isNotEqualTo(NearKey.of(method, new Object[] {1L}, new int[] {0}));
    }

    @Test
    void argumentsSomeoneCouldChangeAreNotHeld() {
        assertThat(NearKey.of(method, new Object[] {new ArrayList<>()}, new int[] {0})).isNull();
        assertThat(NearKey.of(method, new Object[] {new StringBuilder("x")}, new int[] {0})).isNull();
        assertThat(NearKey.of(method, new Object[] {1.5d}, new int[] {0})).isNull();
    }
}
