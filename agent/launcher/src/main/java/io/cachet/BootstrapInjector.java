package io.cachet;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Puts the bridge classes ({@code io.cachet.bootstrap.*}) into the bootstrap class loader, where
 * advice inlined into any application class can link against them.
 *
 * <p>They are defined one by one rather than by appending the agent jar to the bootstrap search
 * path: on JDK 17 and later an appended bootstrap path turns class-data sharing off for every
 * class not loaded by the bootstrap loader and makes the JVM print "Sharing is only supported for
 * boot loader classes because bootstrap classpath has been appended" into the application's
 * output. Defining needs {@code jdk.internal.misc.Unsafe}, which the instrumentation API lets us
 * open to this module; if that fails (another JVM, a future JDK), appending is the fallback.
 */
final class BootstrapInjector {

    /**
     * The bridge's classes, each after the ones it needs at definition. Named rather than found
     * by enumerating the jar, whose ~12,000 entries (nearly all under {@code inst/}) took tens
     * of milliseconds of every start; {@code BridgeClassesTest} keeps the list equal to the
     * package, so a new bridge class cannot be left out.
     */
    static final List<String> BRIDGE_CLASSES = List.of(
            "io.cachet.bootstrap.CacheHandler",
            "io.cachet.bootstrap.CacheHandlerHolder",
            "io.cachet.bootstrap.CacheHandlerHolder$1",
            "io.cachet.bootstrap.DeferredWeaving",
            "io.cachet.bootstrap.DeferredWeavingHolder",
            "io.cachet.bootstrap.InvalidationHandler",
            "io.cachet.bootstrap.PendingCall",
            "io.cachet.bootstrap.Rethrow");

    private BootstrapInjector() {
    }

    static void inject(Instrumentation inst, JarFile jar) throws IOException {
        try {
            Class.forName("io.cachet.bootstrap.CacheHandlerHolder", false, null);
            return; // attached before, in this JVM's life: the bridge is there already
        } catch (ClassNotFoundException firstTime) {
            // define it below
        }
        try {
            Method define = openUnsafeDefineClass(inst);
            Object unsafe = define.getDeclaringClass().getMethod("getUnsafe").invoke(null);
            for (String name : BRIDGE_CLASSES) {
                JarEntry entry = jar.getJarEntry(name.replace('.', '/') + ".class");
                if (entry == null) {
                    throw new IOException("the agent jar has no " + name + "; it is damaged or was repackaged");
                }
                byte[] bytes;
                try (InputStream in = jar.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            inst.appendToBootstrapClassLoaderSearch(jar);
        }
    }

    private static Method openUnsafeDefineClass(Instrumentation inst) throws ReflectiveOperationException {
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapInjector.class.getModule())),
                Map.of(), Set.of(), Map.of());
        return Class.forName("jdk.internal.misc.Unsafe").getMethod("defineClass",
                String.class, byte[].class, int.class, int.class, ClassLoader.class, java.security.ProtectionDomain.class);
    }
}
