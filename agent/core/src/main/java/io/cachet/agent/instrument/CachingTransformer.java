package io.cachet.agent.instrument;

import io.cachet.agent.cache.CachedMethod;
import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.cache.MethodRegistry;
import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.Durations;
import io.cachet.agent.config.MethodRule;
import io.cachet.agent.config.RuleFamily;
import io.cachet.agent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Finds the cached and the invalidating methods of a type (by annotation name or configured
 * pattern), registers each one and wraps it in {@link CachedAdvice} or
 * {@link InvalidationAdvice} with its registry number bound as a constant.
 */
final class CachingTransformer {

    static final String CACHED = "io.cachet.annotations.Cached";
    private static final String CACHED_SOURCE = "@Cached";

    private final Caches caches;
    private final MethodRegistry<InvalidatingMethod> invalidating;
    private final CachedMethodFactory factory;
    private final InvalidatingMethodFactory invalidatingFactory = new InvalidatingMethodFactory();
    private final List<MethodRule> rules;
    private final TypeDescription cachedAdvice;
    private final TypeDescription suspendAdvice;
    private final TypeDescription singleArgumentAdvice;
    private final TypeDescription invalidationAdvice;
    private final ClassFileLocator adviceLocator;
    private final InstrumentationRecord record;
    private final ModuleReads moduleReads;

    /** Describes the advice classes: part of building the transformer, which happens off {@code premain}. */
    CachingTransformer(Caches caches, MethodRegistry<InvalidatingMethod> invalidating, CachedMethodFactory factory,
                       List<MethodRule> rules, Instrumentation inst, InstrumentationRecord record) {
        this.record = record;
        this.moduleReads = new ModuleReads(inst);
        this.caches = caches;
        this.invalidating = invalidating;
        this.factory = factory;
        this.rules = rules;
        this.adviceLocator = ClassFileLocator.ForClassLoader.of(CachedAdvice.class.getClassLoader());
        TypePool pool = TypePool.Default.of(adviceLocator);
        this.cachedAdvice = pool.describe(CachedAdvice.class.getName()).resolve();
        this.suspendAdvice = pool.describe(SuspendAdvice.class.getName()).resolve();
        this.singleArgumentAdvice = pool.describe(SingleArgumentAdvice.class.getName()).resolve();
        this.invalidationAdvice = pool.describe(InvalidationAdvice.class.getName()).resolve();
    }

    /** @return {@code builder} itself when the type has nothing to cache or invalidate */
    DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                            JavaModule module, ProtectionDomain protectionDomain) {
        if (GeneratedTypes.isJdkProxy(type) && GeneratedTypes.applicationInterfaces(type).isEmpty()) {
            return builder; // a proxy of JDK, Cachet or other agents' interfaces only: never ours
        }
        boolean generated = GeneratedTypes.isGenerated(type);
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (generated && method.getName().startsWith("CGLIB$")) {
                continue; // CGLIB's own plumbing beside each overridden method, never the application's
            }
            builder = invalidations(builder, type, method, module);
            List<MethodRule> cacheRules = method.isConstructor() || method.isTypeInitializer()
                    ? List.of() : matchingRules(type, method, RuleFamily.CACHE);
            AttributeValues spec;
            try {
                spec = specOf(method, cacheRules);
            } catch (IllegalArgumentException e) {
                AgentLog.warnOnce("invalid:" + MethodNames.display(type, method), "cannot cache " + MethodNames.display(type, method)
                        + ": @Cached " + e.getMessage() + "; it runs uncached");
                continue;
            }
            if (spec == null) {
                continue;
            }
            TypeDescription namedAfter = GeneratedTypes.namedAfter(type, cacheRules.isEmpty() ? null : cacheRules.get(0).pattern());
            String display = MethodNames.display(namedAfter, method);
            boolean annotated = AnnotationsByName.find(method.getDeclaredAnnotations(), CACHED) != null;
            if (method.isAbstract() && !annotated) {
                // A rule naming an interface or abstract class: its implementations and proxies
                // are matched as they load (the inheritance rule); the declaration itself has no body.
                continue;
            }
            String unsupported = unsupported(method, true);
            if (unsupported != null) {
                AgentLog.warnOnce("unsupported:" + display, "cannot cache " + display + ": " + unsupported + "; it runs as before");
                continue;
            }
            if (!moduleReads.ensure(module)) {
                AgentLog.warnOnce("module:" + display, "cannot cache " + display + ": its module cannot be made to read Cachet's "
                        + "bridge; it runs as before");
                continue;
            }
            CachedMethod cached;
            try {
                cached = factory.create(type, namedAfter, method, spec, generated);
            } catch (IllegalArgumentException e) {
                AgentLog.warnOnce("invalid:" + display, "cannot cache " + display + ": " + spec.source() + " "
                        + e.getMessage() + "; it runs uncached");
                continue;
            }
            record.instrumented(type.getName(), cacheRules);
            int id = caches.register(cached);
            builder = builder.visit(advice(cached, method, id).on(ElementMatchers.is(method)));
            AgentLog.info("caching " + display + through(type, namedAfter) + " as '" + cached.cacheName() + "' (ttl "
                    + Durations.format(Duration.ofMillis(cached.policy().ttlMillis())) + ")" + origin(method, spec));
        }
        return builder;
    }

    /**
     * The advice for a cached method: a suspend function's enter may replace its continuation
     * argument, a method of one parameter's enter passes it without an array; the exit is the same.
     */
    private Advice advice(CachedMethod cached, MethodDescription method, int id) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(MethodId.class, id);
        if (cached.suspending()) {
            return mapping.to(suspendAdvice, cachedAdvice, adviceLocator);
        }
        if (method.getParameters().size() == 1) {
            return mapping.to(singleArgumentAdvice, cachedAdvice, adviceLocator);
        }
        return mapping.to(cachedAdvice, adviceLocator);
    }

    /** For the log line: the generated class a method is instrumented in, when that is not the type it is named after. */
    private static String through(TypeDescription type, TypeDescription namedAfter) {
        if (type.equals(namedAfter)) {
            return "";
        }
        return GeneratedTypes.isJdkProxy(type) ? " through its JDK proxy " + type.getName()
                : " through its generated subclass " + type.getName();
    }

    /** Wraps the method in {@link InvalidationAdvice} when it evicts or writes through. */
    private DynamicType.Builder<?> invalidations(DynamicType.Builder<?> builder, TypeDescription type,
                                                 MethodDescription.InDefinedShape method, JavaModule module) {
        if (method.isConstructor() || method.isTypeInitializer()) {
            return builder;
        }
        List<MethodRule> rules = matchingRules(type, method, RuleFamily.EVICT, RuleFamily.WRITE_THROUGH);
        String display = MethodNames.display(GeneratedTypes.namedAfter(type, rules.isEmpty() ? null : rules.get(0).pattern()), method);
        if (method.isAbstract() && AnnotationsByName.find(method.getDeclaredAnnotations(), InvalidatingMethodFactory.EVICTS) == null
                && AnnotationsByName.find(method.getDeclaredAnnotations(), InvalidatingMethodFactory.EVICTS_LIST) == null
                && AnnotationsByName.find(method.getDeclaredAnnotations(), InvalidatingMethodFactory.WRITE_THROUGH) == null) {
            return builder; // a rule naming an interface: its implementations and proxies are matched as they load
        }
        InvalidatingMethod m;
        try {
            m = invalidatingFactory.create(method, display, rules);
        } catch (IllegalArgumentException e) {
            AgentLog.warnOnce("invalid-evict:" + display, "cannot invalidate for " + display + ": " + e.getMessage()
                    + "; it runs without its evictions");
            return builder;
        }
        if (m == null) {
            return builder;
        }
        String unsupported = unsupported(method, false);
        if (unsupported != null) {
            AgentLog.warnOnce("unsupported-evict:" + display, "cannot invalidate for " + display + ": " + unsupported);
            return builder;
        }
        if (!moduleReads.ensure(module)) {
            AgentLog.warnOnce("module-evict:" + display, "cannot invalidate for " + display + ": its module cannot be made "
                    + "to read Cachet's bridge");
            return builder;
        }
        record.instrumented(type.getName(), rules);
        int id = invalidating.register(m);
        AgentLog.info("invalidating from " + display);
        return builder.visit(Advice.withCustomMapping()
                .bind(MethodId.class, id)
                .to(invalidationAdvice, adviceLocator)
                .on(ElementMatchers.is(method)));
    }

    /** Where the attributes came from, for the log line: config wins over the annotation. */
    private static String origin(MethodDescription method, AttributeValues spec) {
        if (spec.source().equals(CACHED_SOURCE)) {
            return "";
        }
        boolean annotated = AnnotationsByName.find(method.getDeclaredAnnotations(), CACHED) != null;
        return annotated ? "; " + spec.source() + " overrides its @Cached" : "; from " + spec.source();
    }

    /**
     * The annotation's attributes overridden by the matching rules, or {@code null} if neither applies.
     *
     * @throws IllegalArgumentException when the annotation holds a value that is not valid
     */
    private static AttributeValues specOf(MethodDescription.InDefinedShape method, List<MethodRule> rules) {
        AnnotationDescription annotation = AnnotationsByName.find(method.getDeclaredAnnotations(), CACHED);
        AttributeValues spec = annotation == null ? null : AnnotationValuesReader.read(annotation, CACHED_SOURCE, RuleFamily.CACHE);
        for (MethodRule rule : rules) {
            spec = (spec == null ? AttributeValues.none(CACHED_SOURCE) : spec).overriddenBy(rule.values());
        }
        return spec;
    }

    private List<MethodRule> matchingRules(TypeDescription type, MethodDescription method, RuleFamily... families) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<String> parameterTypes = new ArrayList<>();
        for (ParameterDescription p : method.getParameters()) {
            parameterTypes.add(p.getType().asErasure().getActualName());
        }
        List<MethodRule> out = new ArrayList<>();
        for (MethodRule rule : rules) {
            if (List.of(families).contains(rule.family()) && rule.pattern().matchesMethod(method.getName(), parameterTypes)
                    && GeneratedTypes.matches(type, rule.pattern())) {
                out.add(rule);
            }
        }
        return out;
    }

    /**
     * Why a method cannot be instrumented, or {@code null} when it can.
     *
     * @param cached whether for caching, which needs a result; evicting does not
     */
    private static String unsupported(MethodDescription method, boolean cached) {
        if (method.isConstructor() || method.isTypeInitializer()) {
            return "constructors are not cached";
        }
        if (method.isAbstract()) {
            // Annotations on an interface or abstract method are not inherited by its implementations.
            return "it is abstract, and @Cached on it does not reach its implementations (annotate the implementation, "
                    + "or name this type in a cachet.cache.<id>.method rule: rules match implementations and proxies)";
        }
        if (method.isNative()) {
            return "it is native";
        }
        if (method.isBridge() || method.isSynthetic()) {
            return "it is compiler-generated";
        }
        if (cached && method.getReturnType().represents(void.class)) {
            return "it returns void, so there is nothing to cache";
        }
        return null;
    }
}
