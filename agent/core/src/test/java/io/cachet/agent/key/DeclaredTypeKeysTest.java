package io.cachet.agent.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Entry keys tell apart arguments that {@code equals} tells apart, whatever the parameter
 * declares (issue 13, item 3): a value exactly of its declared type is written plainly, any other
 * with its type; tags stay plain, so that methods declaring the same value differently still
 * evict each other's entries.
 */
class DeclaredTypeKeysTest {

    private static final EntryKeys KEYS = new EntryKeys("cachet:");

    private static CacheKeys cacheDeclaring(String declaredType) {
        KeyTemplate key = KeyTemplate.ofArguments(List.of(0)).declaring(List.of(declaredType));
        KeyTemplate tag = KeyTemplate.parse("item:{0}", 1, n -> -1).declaring(List.of(declaredType));
        return new CacheKeys(KEYS, "Describe.kind", key, List.of(tag));
    }

    private static String keyPart(CacheKeys keys, Object arg) {
        return keys.lookup(new Object[] {arg}).keyPart();
    }

    @Test
    void fortyTwoOfFourTypesAsObjectAreFourKeyParts() {
        CacheKeys keys = cacheDeclaring("java.lang.Object");
        List<String> parts = List.of(keyPart(keys, 42), keyPart(keys, "42"), keyPart(keys, 42L), keyPart(keys, (short) 42));
        assertThat(Set.copyOf(parts)).as("key parts of 42, \"42\", 42L, (short) 42: %s", parts).hasSize(4);
        assertThat(parts).containsExactly("42", "\"42\"", "42L", "42s");
    }

    @Test
    void aValueOfExactlyTheDeclaredTypeStaysReadable() {
        assertThat(keyPart(cacheDeclaring("java.lang.Long"), 42L)).isEqualTo("42");
        assertThat(keyPart(cacheDeclaring("java.lang.String"), "ABC-7")).isEqualTo("ABC-7");
        assertThat(keyPart(cacheDeclaring("java.lang.Integer"), 42)).isEqualTo("42");
    }

    @Test
    void anInterfaceOrSupertypeDeclarationMarksTheType() {
        assertThat(keyPart(cacheDeclaring("java.lang.Number"), 42L)).isEqualTo("42L");
        assertThat(keyPart(cacheDeclaring("java.lang.CharSequence"), "42")).isEqualTo("\"42\"");
        assertThat(keyPart(cacheDeclaring("java.lang.Number"), 42)).isNotEqualTo(keyPart(cacheDeclaring("java.lang.Number"), 42L));
    }

    @Test
    void anEnumConstantWithABodyIsOfItsEnumsType() {
        assertThat(keyPart(cacheDeclaring(Shape.class.getName()), Shape.ROUND)).isEqualTo("ROUND");
        assertThat(keyPart(cacheDeclaring("java.lang.Object"), Shape.ROUND)).isEqualTo("Shape.ROUND");
    }

    @Test
    void tagsStayPlainWhateverTheDeclaration() {
        Lookup asObject = cacheDeclaring("java.lang.Object").lookup(new Object[] {42L});
        Lookup asLong = cacheDeclaring("java.lang.Long").lookup(new Object[] {42L});
        assertThat(asObject.readKeys()[3]).isEqualTo(asLong.readKeys()[3]).isEqualTo(KEYS.tagVersion("item:42"));
    }

    @Test
    void anEvictionByKeyNamesTheEntryWhateverTheCachedMethodDeclares() {
        KeyTemplate evicting = KeyTemplate.ofArguments(List.of(0)).declaring(List.of("java.lang.Long"));
        Set<String> evicted = CacheKeys.keyPartsForEviction(evicting, new Object[] {42L});
        assertThat(evicted).contains(keyPart(cacheDeclaring("java.lang.Long"), 42L), keyPart(cacheDeclaring("java.lang.Object"), 42L));
    }

    @Test
    void aWriteThroughDeclaredOtherwiseIsNotTakenForTheCachesKey() {
        CacheKeys cache = cacheDeclaring("java.lang.Object");
        assertThat(cache.keyDeclaredLike(KeyTemplate.ofArguments(List.of(0)).declaring(List.of("java.lang.Long")))).isFalse();
        assertThat(cache.keyDeclaredLike(KeyTemplate.ofArguments(List.of(0)).declaring(List.of("java.lang.Object")))).isTrue();
    }

    @Test
    void aTypedKeyPartIsNotTakenForATag() {
        KeyTemplate key = KeyTemplate.ofArguments(List.of(0)).declaring(List.of("java.lang.Object"));
        KeyTemplate tag = KeyTemplate.parse("item:{0}", 1, n -> -1);
        assertThat(tag.renderForKey(key, "42L", new KeyWriter())).isFalse();
        KeyTemplate exactKey = KeyTemplate.ofArguments(List.of(0)).declaring(List.of("java.lang.Long"));
        KeyWriter w = new KeyWriter();
        assertThat(tag.renderForKey(exactKey, "42", w)).isTrue();
        assertThat(w.keyPart()).isEqualTo("item:42");
    }

    enum Shape {
        ROUND {
            @Override
            public String toString() {
                return "round";
            }
        }
    }
}
