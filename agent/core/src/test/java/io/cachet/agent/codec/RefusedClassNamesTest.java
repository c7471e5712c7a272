package io.cachet.agent.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.agent.key.Versions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A class name in an entry that the allow-list refuses is refused by name (issue 13, item 10):
 * no loader is asked for it, neither the application's nor Kryo's own, which Kryo falls back to
 * after the allow-list's loader refuses. (That nothing is loaded at all is shown with the JVM's
 * class-load log by {@code RefusedClassesIT}.)
 */
class RefusedClassNamesTest {

    private static final Versions V = Versions.of(1, 2);
    private static final String KEY = "app:cachet:Payloads.opaque:1";

    /** Records every name a codec's loader is asked for. */
    private static final class RecordingLoader extends ClassLoader {
        final List<String> asked = new ArrayList<>();

        RecordingLoader() {
            super(RefusedClassNamesTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    /** A real entry's envelope around Kryo's class-by-name marker, the name's id 0, the name and "not null". */
    private static byte[] naming(MethodCodec codec, String className, String asciiValue) {
        byte[] valid = codec.encode("opaque-1", KEY, 1L, 1, V);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, Entry.payloadStart(V.size()));
        out.writeBytes(new byte[] {1, 0});
        out.writeBytes(ascii(className));
        out.write(1);
        out.writeBytes(ascii(asciiValue));
        return Entry.seal(out.toByteArray());
    }

    private static byte[] ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        b[b.length - 1] |= (byte) 0x80;
        return b;
    }

    @Test
    void anAllowedNameNamedByNameDecodes() {
        MethodCodec codec = MethodCodec.create(getClass().getClassLoader(), Object.class, Object.class, List.of(), 64);
        assertThat(codec.decode(naming(codec, "java.lang.String", "forged-1"), V)).isEqualTo("forged-1");
    }

    @Test
    void aRefusedNameIsRefusedBeforeAnyLoaderIsAsked() {
        RecordingLoader loader = new RecordingLoader();
        MethodCodec codec = MethodCodec.create(loader, Object.class, Object.class, List.of(), 64);
        for (String refused : Arrays.asList("javax.script.ScriptEngineManager", "com.example.NotAClassAnywhere")) {
            Entry entry = Entry.parseKept(naming(codec, refused, "x"));
            assertThat(codec.decode(entry, V)).isSameAs(MethodCodec.MISS);
            // Refused by name: not a ClassNotFoundException from a loader Kryo asked (the allow-list's,
            // then its own, which for a class that exists loads it).
            assertThat(codec.whyNot(entry, V)).as("why an entry naming %s does not decode", refused)
                    .contains("NotOnAllowList: " + refused + " is not on Cachet's allow-list");
        }
        assertThat(loader.asked).as("names the codec's loader was asked for").doesNotContain("javax.script.ScriptEngineManager",
                "com.example.NotAClassAnywhere");
    }
}
