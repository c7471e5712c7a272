package io.cachet.agent.codec;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import org.objenesis.instantiator.ObjectInstantiator;
import org.objenesis.strategy.InstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * How the codec builds objects without running a constructor (as Java deserialization does), in
 * any JVM. Objenesis's standard strategy needs {@code sun.reflect.ReflectionFactory} from module
 * {@code jdk.unsupported}, which is in the boot layer only when the application runs from the
 * class path: an application launched as a named module ({@code java -m app/Main}) resolves
 * only the modules it requires, and every decode would fail with
 * {@code ClassNotFoundException: sun.reflect.ReflectionFactory}. There the JDK's own
 * {@code jdk.internal.reflect.ReflectionFactory} (what {@code sun.reflect} delegates to) is used,
 * exported to the codec at start-up ({@link #prepare}).
 */
public final class SerializationInstantiators {

    private static volatile boolean internalExported;

    private SerializationInstantiators() {
    }

    /**
     * At start-up, before any codec is made: lets the codec call the JDK's internal serialization
     * constructors, should it need them. Called directly, not through {@link MethodCodec}, whose
     * first use loads Kryo: that is for a background thread, not for {@code premain}.
     */
    public static void prepare(Instrumentation inst) {
        try {
            inst.redefineModule(Object.class.getModule(), Set.of(),
                    Map.of("jdk.internal.reflect", Set.of(SerializationInstantiators.class.getModule())), Map.of(), Set.of(), Map.of());
            internalExported = true;
        } catch (RuntimeException e) {
            internalExported = false;
        }
    }

    /** The strategy the codec builds objects with; also what the near cache's copies are made by. */
    public static InstantiatorStrategy strategy() {
        if (hasUnsupportedModule() || !internalExported) {
            return new StdInstantiatorStrategy();
        }
        return new InstantiatorStrategy() {
            @Override
            public <T> ObjectInstantiator<T> newInstantiatorOf(Class<T> type) {
                Constructor<T> constructor = serializationConstructor(type);
                return () -> {
                    try {
                        return constructor.newInstance();
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot instantiate " + type.getName(), e);
                    }
                };
            }
        };
    }

    private static boolean hasUnsupportedModule() {
        try {
            Class.forName("sun.reflect.ReflectionFactory");
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Constructor<T> serializationConstructor(Class<T> type) {
        try {
            Class<?> factoryType = Class.forName("jdk.internal.reflect.ReflectionFactory");
            Object factory = factoryType.getMethod("getReflectionFactory").invoke(null);
            Method create = factoryType.getMethod("newConstructorForSerialization", Class.class, Constructor.class);
            Constructor<T> c = (Constructor<T>) create.invoke(factory, type, Object.class.getDeclaredConstructor());
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot build " + type.getName() + " without a constructor: " + e, e);
        }
    }
}
