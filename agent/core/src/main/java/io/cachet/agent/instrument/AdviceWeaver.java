package io.cachet.agent.instrument;

import io.cachet.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Byte Buddy's part of the transformation, and nothing more: describe the class from its bytes,
 * let {@link CachingTransformer} add advice, write it back. Byte Buddy's {@code AgentBuilder}
 * does the same and much else Cachet does not use (redefinition strategies, listeners, circularity
 * locks, matchers over every class); building it loads a few hundred classes more, and a class
 * with a cached method that loads early waits for exactly that build (see
 * {@link PrefilteringTransformer}).
 *
 * <p>What {@code AgentBuilder.disableClassFormatChanges()} guarantees is kept: no fields or methods
 * are added (a frozen instrumented type and a disabled implementation context, so the advice can
 * only be inlined), so classes stay retransformable by us and by other agents. Types are described
 * from class files only, never by loading a class from inside the transformer, which can deadlock
 * or change the application's initialisation order.
 */
final class AdviceWeaver implements ClassFileTransformer {

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(InstrumentedType.Factory.Default.FROZEN)
            // Advice goes on declared methods only: no need to resolve the whole hierarchy's
            // method graph (reading every supertype's class file) for each class.
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    private final CachingTransformer caching;

    AdviceWeaver(CachingTransformer caching) {
        this.caching = caching;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        String name = internalName.replace('/', '.');
        try {
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    ClassFileLocator.ForClassLoader.of(loader));
            TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator,
                    TypePool.Default.ReaderMode.FAST);
            TypeDescription type = pool.describe(name).resolve();
            DynamicType.Builder<?> original = byteBuddy.redefine(type, locator).ignoreAlso(ElementMatchers.not(ElementMatchers.isDeclaredBy(type)));
            DynamicType.Builder<?> advised = caching.transform(original, type, loader, JavaModule.of(module), protectionDomain);
            if (advised == original) {
                return null; // nothing of ours in it: the class loads as it is
            }
            byte[] woven = advised.make().getBytes();
            AgentLog.debug("instrumented " + name);
            return woven;
        } catch (Throwable t) {
            AgentLog.warn("cannot instrument " + name + ": " + t + "; it runs uncached");
            return null;
        }
    }
}
