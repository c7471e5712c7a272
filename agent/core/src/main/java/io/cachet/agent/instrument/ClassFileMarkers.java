package io.cachet.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a class file's bytes contain any of a few markers (names a class must mention to
 * concern us), in one pass over the bytes however many markers there are. Every class the JVM
 * loads is scanned, so this is start-up time: on a Spring Boot application (about 15,000
 * classes) a scan per marker and rule cost a few hundred milliseconds, because rules naming the
 * same type repeat its marker. Markers are indexed by their first two bytes; a position whose
 * pair starts no marker (nearly all of them) costs one array read.
 *
 * <p>Invariant: {@link #foundIn} is true exactly when some marker is a substring of the bytes;
 * a marker shorter than two bytes matches every class (a pattern with hardly any literal text
 * has to look at all of them).
 */
final class ClassFileMarkers {

    /** Markers by their first two bytes, as an unsigned 16-bit index; {@code null} where none starts so. */
    private final byte[][][] byFirstPair = new byte[1 << 16][][];
    private final boolean matchesEverything;

    ClassFileMarkers(List<String> markers) {
        Set<String> distinct = new LinkedHashSet<>(markers);
        boolean everything = false;
        for (String marker : distinct) {
            byte[] bytes = marker.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 2) {
                everything = true;
                continue;
            }
            int pair = pair(bytes, 0);
            byte[][] same = byFirstPair[pair];
            byte[][] grown = same == null ? new byte[1][] : Arrays.copyOf(same, same.length + 1);
            grown[grown.length - 1] = bytes;
            byFirstPair[pair] = grown;
        }
        this.matchesEverything = everything;
    }

    boolean foundIn(byte[] classFile) {
        if (matchesEverything) {
            return true;
        }
        int last = classFile.length - 1;
        for (int i = 0; i < last; i++) {
            byte[][] candidates = byFirstPair[pair(classFile, i)];
            if (candidates != null) {
                for (byte[] marker : candidates) {
                    if (startsAt(classFile, i, marker)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int pair(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    private static boolean startsAt(byte[] bytes, int at, byte[] marker) {
        if (at + marker.length > bytes.length) {
            return false;
        }
        for (int j = 2; j < marker.length; j++) {
            if (bytes[at + j] != marker[j]) {
                return false;
            }
        }
        return true;
    }
}
