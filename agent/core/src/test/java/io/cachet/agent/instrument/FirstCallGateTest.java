package io.cachet.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;
import io.cachet.bootstrap.DeferredWeavingHolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call {@link FirstCallGate} puts at the top of annotated methods: the class still loads and
 * verifies (the JVM checks its stack map frames), a method whose gate says "not woven" runs its
 * own body with its own arguments, and one whose gate says "woven" calls itself again with the
 * same arguments, as this class's method (never an override) and returns what that call returns.
 * Here the second call's gate says "not woven", standing in for the retransformed code.
 */
class FirstCallGateTest {

    private final List<Class<?>> gated = new ArrayList<>();
    private final AtomicInteger wovenAnswers = new AtomicInteger();

    @AfterEach
    void takeOut() {
        DeferredWeavingHolder.install(null);
    }

    @Test
    void aMethodWhoseClassIsNotWovenRunsItsOwnBody() throws Exception {
        answerWoven(0);
        Class<?> sample = loadGated();
        Object instance = sample.getConstructor().newInstance();

        assertThat(call(sample, instance, "describe", 7L, 2.5, new int[3], "x")).isEqualTo("base:7:2.5:3:x");
        assertThat(gated).containsExactly(sample);
        assertThat(sample.getField("bodies").getInt(instance)).isEqualTo(1);
    }

    @Test
    void aMethodWhoseClassWasWovenCallsItselfAgainWithTheSameArguments() throws Exception {
        answerWoven(Integer.MAX_VALUE);
        Class<?> sample = loadGated();
        Object instance = sample.getConstructor().newInstance();

        assertThat(call(sample, instance, "describe", 7L, 2.5, new int[3], "x")).isEqualTo("base:7:2.5:3:x");
        assertThat(call(sample, null, "twice", 21)).isEqualTo(42);
        assertThat(call(sample, instance, "loopFirst", 3)).isEqualTo(0L);
        assertThat(call(sample, instance, "evicts", 'q', (short) 4, true)).isEqualTo(null);
        assertThat(gated).as("each call: the gate, then the gate of the call to itself").hasSize(8);
        assertThat(sample.getField("bodies").getInt(instance)).as("each body ran once").isEqualTo(3);
    }

    @Test
    void theCallToItselfIsNeverDispatchedToAnOverride() throws Exception {
        answerWoven(Integer.MAX_VALUE);
        ClassLoader loader = new GatingLoader(Map.of(Sample.class.getName(), gatedBytes(Sample.class),
                Overriding.class.getName(), bytes(Overriding.class)));
        Object sub = loader.loadClass(Overriding.class.getName()).getConstructor().newInstance();

        // Overriding.describe calls super.describe once; an invokevirtual to itself would call Overriding's again.
        assertThat(call(sub.getClass(), sub, "describe", 1L, 0.5, new int[0], "y")).isEqualTo("overriding+base:1:0.5:0:y");
    }

    @Test
    void aClassWithoutAnnotatedMethodsOrThatIsNoClassFileIsLeftAsItIs() {
        assertThat(FirstCallGate.insert(bytes(FirstCallGateTest.class))).isNull();
        assertThat(FirstCallGate.insert(bytes(Marker.class))).as("an interface").isNull();
        assertThat(FirstCallGate.insert(new byte[] {1, 2, 3})).isNull();
        byte[] sample = bytes(Sample.class);
        assertThat(FirstCallGate.insert(Arrays.copyOf(sample, sample.length - 16)))
                .as("a class file cut short after its header: it waits for the transformer instead").isNull();
    }

    /** The gate answers "woven" to the first {@code times} calls of each pair, then "not woven". */
    private void answerWoven(int times) {
        DeferredWeavingHolder.install(type -> {
            gated.add(type);
            // Alternate: the outer call hears "woven", the call to itself "not woven".
            return gated.size() % 2 == 1 && wovenAnswers.incrementAndGet() <= times;
        });
    }

    private Class<?> loadGated() throws ClassNotFoundException {
        return new GatingLoader(Map.of(Sample.class.getName(), gatedBytes(Sample.class))).loadClass(Sample.class.getName());
    }

    /** Calls the method {@code name} that {@code type} or its nearest superclass declares. */
    private static Object call(Class<?> type, Object target, String name, Object... args) throws Exception {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    m.setAccessible(true);
                    return m.invoke(target, args);
                }
            }
        }
        throw new IllegalStateException(type + " has no " + name);
    }

    private static byte[] gatedBytes(Class<?> type) {
        byte[] gated = FirstCallGate.insert(bytes(type));
        assertThat(gated).as("%s has annotated methods", type).isNotNull();
        return gated;
    }

    private static byte[] bytes(Class<?> type) {
        String name = type.getName();
        try (InputStream in = type.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Defines the given classes from the given bytes, itself; everything else comes from its parent. */
    private static final class GatingLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        GatingLoader(Map<String, byte[]> classes) {
            super(FirstCallGateTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
            }
        }
    }

    interface Marker {
        @Cached(ttl = "1m")
        default String fromAnInterface() {
            return "";
        }
    }

    /** Methods of the shapes the gate must keep right: wide arguments, static, a jump target first, void. */
    public static class Sample {
        public int bodies;

        @Cached(ttl = "1m")
        public String describe(long a, double b, int[] c, String d) {
            bodies++;
            return "base:" + a + ":" + b + ":" + c.length + ":" + d;
        }

        @Cached(ttl = "1m")
        public static int twice(int x) {
            return x * 2;
        }

        /** Its first instruction is the loop's head, so the body's start has a frame of its own. */
        @Cached(ttl = "1m")
        private long loopFirst(int n) {
            do {
                n--;
            } while (n > 0);
            bodies++;
            return n;
        }

        @Evicts(cache = "Sample.describe", key = "{0}")
        void evicts(char c, short s, boolean b) {
            bodies++;
        }
    }

    public static class Overriding extends Sample {
        @java.lang.Override
        public String describe(long a, double b, int[] c, String d) {
            return "overriding+" + super.describe(a, b, c, d);
        }
    }
}
