package io.cachet.agent.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.CacheMode;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.ConfigProblems;
import io.cachet.agent.config.RuleFamily;
import io.cachet.agent.config.ShadowEquality;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StructuralEqualityTest {

    /** No equals: identity would call two copies different. */
    static final class Row {
        final long id;
        final String name;
        final int[] scores;
        transient String cachedDisplay;
        Row next;

        Row(long id, String name, int... scores) {
            this.id = id;
            this.name = name;
            this.scores = scores;
        }
    }

    /** An equals that looks at the id only. */
    static final class Keyed {
        final long id;
        final String note;

        Keyed(long id, String note) {
            this.id = id;
            this.note = note;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Keyed && ((Keyed) o).id == id;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id);
        }
    }

    @Test
    void copiesWithoutEqualsAreComparedFieldByField() {
        assertThat(StructuralEquality.equal(new Row(1, "a", 1, 2), new Row(1, "a", 1, 2), true)).isTrue();
        assertThat(StructuralEquality.equal(new Row(1, "a", 1, 2), new Row(1, "a", 1, 3), true)).isFalse();
        assertThat(StructuralEquality.equal(new Row(1, "a"), new Row(1, "b"), true)).isFalse();
        assertThat(StructuralEquality.equal(new Row(1, "a"), null, true)).isFalse();
    }

    @Test
    void transientFieldsAreNotCachedSoNotCompared() {
        Row a = new Row(1, "a");
        a.cachedDisplay = "shown";
        assertThat(StructuralEquality.equal(a, new Row(1, "a"), true)).isTrue();
    }

    @Test
    void cyclesEnd() {
        Row a = new Row(1, "a");
        a.next = a;
        Row b = new Row(1, "a");
        b.next = b;
        assertThat(StructuralEquality.equal(a, b, true)).isTrue();
        Row c = new Row(1, "a");
        c.next = new Row(2, "x");
        assertThat(StructuralEquality.equal(a, c, true)).isFalse();
    }

    @Test
    void collectionsMapsOptionalsAndSetsOfValuesWithoutEquals() {
        assertThat(StructuralEquality.equal(new ArrayList<>(List.of(new Row(1, "a"))), new ArrayList<>(List.of(new Row(1, "a"))), true)).isTrue();
        assertThat(StructuralEquality.equal(Map.of("k", new Row(1, "a")), Map.of("k", new Row(1, "a")), true)).isTrue();
        assertThat(StructuralEquality.equal(Map.of("k", new Row(1, "a")), Map.of("k", new Row(2, "a")), true)).isFalse();
        assertThat(StructuralEquality.equal(Optional.of(new Row(1, "a")), Optional.of(new Row(1, "a")), true)).isTrue();
        Set<Row> s1 = new HashSet<>(List.of(new Row(1, "a"), new Row(2, "b")));
        Set<Row> s2 = new HashSet<>(List.of(new Row(2, "b"), new Row(1, "a")));
        assertThat(StructuralEquality.equal(s1, s2, true)).isTrue();
        s2.add(new Row(3, "c"));
        assertThat(StructuralEquality.equal(s1, s2, true)).isFalse();
    }

    @Test
    void autoUsesAnOverriddenEqualsStructuralLooksAtEveryField() {
        assertThat(StructuralEquality.equal(new Keyed(1, "x"), new Keyed(1, "y"), true)).isTrue();
        assertThat(StructuralEquality.equal(new Keyed(1, "x"), new Keyed(1, "y"), false)).isFalse();
    }

    @Test
    void policiesRefuseUnknownModesAndEqualities() {
        assertThat(ShadowPolicy.of(CacheMode.NORMAL, 0.01, ShadowEquality.AUTO)).isSameAs(ShadowPolicy.OFF);
        assertThat(ShadowPolicy.of(CacheMode.SHADOW, 0.01, ShadowEquality.AUTO).runsForReal()).isTrue();
        assertThat(ShadowPolicy.of(CacheMode.VERIFY_SAMPLE, 0, ShadowEquality.AUTO).runsForReal()).isFalse();
        // Unknown modes and rates are refused where they are read: an annotation, or a rule.
        assertThatThrownBy(() -> cached("mode", "shadows")).hasMessageContaining("mode=\"shadows\"");
        assertThatThrownBy(() -> cached("verifyRate", 2.0)).hasMessageContaining("verifyRate=2.0");
        ConfigProblems problems = new ConfigProblems();
        CachetConfig.from(Map.of("cachet.cache.x.method", "a.B#c", "cachet.cache.x.shadow-equality", "deep"), problems);
        assertThat(problems.all()).singleElement().asString().contains("shadow-equality=deep");
    }

    private static AttributeValues cached(String member, Object value) {
        return AttributeValues.fromAnnotation("@Cached", RuleFamily.CACHE, m -> m.equals(member) ? value : null);
    }

    @Test
    void mismatchLogElidesLongValues() {
        String elided = MismatchLog.elide("x".repeat(1_000));
        assertThat(elided).hasSizeLessThan(MismatchLog.MAX_VALUE_CHARS + 30).endsWith("(1000 chars)");
        assertThat(MismatchLog.elide(null)).isEqualTo("null");
    }
}
