package io.cachet.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The one-pass scan agrees with a plain substring search, wherever a marker sits. */
class ClassFileMarkersTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsAMarkerAtTheStartTheEndAndBetweenMarkersSharingTheirFirstBytes() {
        ClassFileMarkers markers = new ClassFileMarkers(List.of("com/acme/shop/BookRepository", "com/acme/shop/AuthorRepository",
                "com/acme/shop/BookRepository", "io/cachet/annotations/"));
        assertThat(markers.foundIn(bytes("com/acme/shop/BookRepository..."))).isTrue();
        assertThat(markers.foundIn(bytes("...com/acme/shop/AuthorRepository"))).isTrue();
        assertThat(markers.foundIn(bytes("..io/cachet/annotations/Cached.."))).isTrue();
        assertThat(markers.foundIn(bytes("com/acme/shop/BookRepositor"))).as("cut short at the end").isFalse();
        assertThat(markers.foundIn(bytes("com/acme/shop/Book com/acme/shop/Author"))).isFalse();
        assertThat(markers.foundIn(new byte[0])).isFalse();
        assertThat(markers.foundIn(new byte[] {'c'})).isFalse();
    }

    @Test
    void aMarkerOfUnderTwoBytesMatchesEveryClass() {
        assertThat(new ClassFileMarkers(List.of("io/cachet/annotations/", "")).foundIn(new byte[0])).isTrue();
        assertThat(new ClassFileMarkers(List.of("x")).foundIn(bytes("abc"))).isTrue();
    }

    @Test
    void agreesWithASubstringSearchOnRealClassFilesAndRandomBytes() throws IOException {
        byte[] real;
        try (InputStream in = ClassFileMarkers.class.getResourceAsStream("ClassFileMarkers.class")) {
            real = in.readAllBytes();
        }
        List<String> markers = List.of("io/cachet/agent/instrument/ClassFileMarkers", "java/util/Set", "no/such/Type");
        assertThat(new ClassFileMarkers(markers).foundIn(real)).isTrue();
        assertThat(new ClassFileMarkers(List.of("no/such/Type", "java/util/Sets")).foundIn(real)).isFalse();

        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int round = 0; round < 2_000; round++) {
            byte[] data = new byte[random.nextInt(0, 40)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) "ab/".charAt(random.nextInt(3));
            }
            String haystack = new String(data, StandardCharsets.ISO_8859_1);
            List<String> some = List.of("ab/b", "aab", "b/a/b");
            boolean expected = some.stream().anyMatch(haystack::contains);
            assertThat(new ClassFileMarkers(some).foundIn(data)).as(haystack).isEqualTo(expected);
        }
    }
}
