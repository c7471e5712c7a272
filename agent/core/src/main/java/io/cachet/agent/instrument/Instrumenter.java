package io.cachet.agent.instrument;

import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.cache.MethodRegistry;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.MethodRule;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.log.AgentLog;
import io.cachet.agent.runtime.AgentThreads;
import io.cachet.bootstrap.DeferredWeavingHolder;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Installs Cachet's class-file transformer: Byte Buddy behind a byte-level pre-filter, with no
 * class-format changes (advice is inlined into existing methods; no fields or methods are
 * added), so that classes loaded before us can be retransformed and other agents can still
 * retransform ours.
 */
public final class Instrumenter {

    private Instrumenter() {
    }

    /** An installed transformer, and how to take it out again. */
    public static final class Installation {
        private final Instrumentation inst;
        private final ClassFileTransformer transformer;
        private final InstrumentationRecord record;
        private final int retransformed;

        Installation(Instrumentation inst, ClassFileTransformer transformer, InstrumentationRecord record, int retransformed) {
            this.inst = inst;
            this.transformer = transformer;
            this.record = record;
            this.retransformed = retransformed;
        }

        /** How many already-loaded classes were retransformed (non-zero only on attach). */
        public int retransformed() {
            return retransformed;
        }

        /**
         * Removes the transformer and retransforms every class it changed: without it in the
         * chain, the JVM rebuilds them from their original bytes (and other agents' changes).
         *
         * @return how many classes were restored
         */
        public int uninstall() {
            inst.removeTransformer(transformer);
            DeferredWeavingHolder.install(null);
            return retransform(inst, loaded(inst, record.instrumentedTypes()));
        }
    }

    /**
     * Swaps the installation for one built from {@code config} (a reloaded configuration): one
     * retransformation pass over the classes the old one changed and the ones the new one wants,
     * so new patterns apply, removed ones are undone, and changed attributes take effect.
     */
    public static Installation reinstall(Instrumentation inst, Installation old, CachetConfig config, EntryKeys keys,
                                         Caches caches, MethodRegistry<InvalidatingMethod> invalidating) {
        Set<String> previously = old == null ? Set.of() : old.record.instrumentedTypes();
        if (old != null) {
            inst.removeTransformer(old.transformer);
        }
        Installation next = install(inst, config, keys, caches, invalidating, CompletableFuture.completedFuture(null), false, false);
        List<Class<?>> classes = candidates(inst, config.rules());
        for (Class<?> c : loaded(inst, previously)) {
            if (!classes.contains(c)) {
                classes.add(c);
            }
        }
        retransform(inst, classes);
        return next;
    }

    private static List<Class<?>> loaded(Instrumentation inst, Set<String> names) {
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (names.contains(c.getName()) && inst.isModifiableClass(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static int retransform(Instrumentation inst, List<Class<?>> classes) {
        for (Class<?> c : classes) {
            try {
                inst.retransformClasses(c);
            } catch (Throwable t) {
                AgentLog.warn("cannot retransform " + c.getName() + ": " + t);
            }
        }
        return classes.size();
    }

    /**
     * @param runtime completes once the bridge's handler is installed: the code woven into a class
     *     calls it, so no class is woven before (and none at all if it fails)
     * @param attached whether the agent was attached to a running JVM: then the transformer is
     *     built at once and the classes already loaded are retransformed; at start-up it is built
     *     in the background (see {@link PrefilteringTransformer})
     */
    public static Installation install(Instrumentation inst, CachetConfig config, EntryKeys keys, Caches caches,
                                       MethodRegistry<InvalidatingMethod> invalidating, CompletionStage<?> runtime, boolean attached) {
        return install(inst, config, keys, caches, invalidating, runtime, attached, !attached);
    }

    private static Installation install(Instrumentation inst, CachetConfig config, EntryKeys keys, Caches caches,
                                        MethodRegistry<InvalidatingMethod> invalidating, CompletionStage<?> runtime,
                                        boolean retransformLoaded, boolean inBackground) {
        List<MethodRule> rules = config.rules();
        CachedMethodFactory factory = new CachedMethodFactory(config.get(Settings.DEFAULT_TTL), config.get(Settings.RETENTION), keys);
        InstrumentationRecord record = new InstrumentationRecord();
        PrefilteringTransformer transformer = new PrefilteringTransformer(rules);
        DeferredWeaver deferred = new DeferredWeaver(inst, transformer);
        DeferredWeavingHolder.install(deferred);
        inst.addTransformer(transformer, true);
        Runnable build = () -> {
            boolean missed = handOver(transformer, () -> new AdviceWeaver(new CachingTransformer(caches, invalidating, factory, rules,
                    inst, record)), runtime);
            deferred.weaveLoaded();
            if (missed) {
                retransformLoaded(inst, rules);
            }
        };
        if (inBackground) {
            new AgentThreads("cachet-instrumentation").newThread(build).start();
        } else {
            build.run();
        }
        if (!rules.isEmpty()) {
            Thread check = new Thread(() -> {
                try {
                    Thread.sleep(config.get(Settings.UNMATCHED_AFTER).toMillis());
                    record.reportUnmatched(rules);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }, "cachet-rule-check");
            check.setDaemon(true);
            check.setContextClassLoader(null);
            check.start();
        }
        return new Installation(inst, transformer, record, retransformLoaded ? retransformLoaded(inst, rules) : 0);
    }

    /**
     * Builds Byte Buddy's transformer and hands it to the pre-filter once the runtime is up as
     * well: the woven code calls the bridge's handler, so no class is woven before it is
     * installed (a call would run uncached), and none at all when it could not be.
     *
     * @return whether candidate classes loaded uninstrumented meanwhile and must be retransformed
     */
    static boolean handOver(PrefilteringTransformer transformer, Supplier<ClassFileTransformer> build, CompletionStage<?> runtime) {
        ClassFileTransformer byteBuddy = null;
        try {
            byteBuddy = build.get();
        } catch (Throwable t) {
            AgentLog.error("cannot build the instrumentation; nothing is cached: " + t);
        }
        try {
            runtime.toCompletableFuture().join();
        } catch (CompletionException | CancellationException failed) {
            byteBuddy = null; // the agent's start-up has said why
        }
        return transformer.ready(byteBuddy) && byteBuddy != null;
    }

    /** On attach, the classes that may hold cached methods are already loaded: retransform them. */
    private static int retransformLoaded(Instrumentation inst, List<MethodRule> rules) {
        return retransform(inst, candidates(inst, rules));
    }

    /** Loaded classes that declare Cachet annotations or match a rule. */
    private static List<Class<?>> candidates(Instrumentation inst, List<MethodRule> rules) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null || c.isArray() || !inst.isModifiableClass(c)
                    || IgnoredTypes.isIgnored(c.getName().replace('.', '/'))) {
                continue;
            }
            if (declaresCachetAnnotation(c) || rules.stream().anyMatch(r -> Inheritance.OF_CLASSES.isOrInherits(c, r.pattern()))) {
                candidates.add(c);
            }
        }
        return candidates;
    }

    private static boolean declaresCachetAnnotation(Class<?> c) {
        try {
            for (Method m : c.getDeclaredMethods()) {
                for (java.lang.annotation.Annotation a : m.getDeclaredAnnotations()) {
                    if (a.annotationType().getName().startsWith("io.cachet.annotations.")) {
                        return true;
                    }
                }
            }
        } catch (Throwable unreadable) {
            // A class whose members cannot be resolved cannot be one of ours to cache.
        }
        return false;
    }
}
