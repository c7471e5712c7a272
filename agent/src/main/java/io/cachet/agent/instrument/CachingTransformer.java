package io.cachet.agent.instrument;

import io.cachet.agent.cache.CachedMethod;
import io.cachet.agent.cache.Caches;
import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.cache.MethodRegistry;
import io.cachet.agent.config.MethodPattern;
import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
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
final class CachingTransformer implements AgentBuilder.Transformer {

    private final Caches caches;
    private final MethodRegistry<InvalidatingMethod> invalidating;
    private final CachedMethodFactory factory;
    private final InvalidatingMethodFactory invalidatingFactory = new InvalidatingMethodFactory();
    private final List<MethodRule> rules;
    private final TypeDescription cachedAdvice;
    private final TypeDescription invalidationAdvice;
    private final ClassFileLocator adviceLocator;
    /** Names of the types this transformer changed, to restore them on detach. */
    private final Set<String> instrumented = ConcurrentHashMap.newKeySet();
    /** Rules that matched a method, so that the others can be reported. */
    private final Set<MethodRule> matched = ConcurrentHashMap.newKeySet();

    CachingTransformer(Caches caches, MethodRegistry<InvalidatingMethod> invalidating, CachedMethodFactory factory,
                       List<MethodRule> rules) {
        this.caches = caches;
        this.invalidating = invalidating;
        this.factory = factory;
        this.rules = rules;
        this.adviceLocator = ClassFileLocator.ForClassLoader.of(CachedAdvice.class.getClassLoader());
        TypePool pool = TypePool.Default.of(adviceLocator);
        this.cachedAdvice = pool.describe(CachedAdvice.class.getName()).resolve();
        this.invalidationAdvice = pool.describe(InvalidationAdvice.class.getName()).resolve();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                            JavaModule module, ProtectionDomain protectionDomain) {
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            builder = invalidations(builder, type, method);
            CacheSpec spec = specOf(type, method);
            if (spec == null) {
                continue;
            }
            String display = MethodNames.display(type, method);
            String unsupported = unsupported(method, true);
            if (unsupported != null) {
                AgentLog.warnOnce("unsupported:" + display, "cannot cache " + display + ": " + unsupported + "; it runs as before");
                continue;
            }
            CachedMethod cached;
            try {
                cached = factory.create(type, method, spec);
            } catch (IllegalArgumentException e) {
                AgentLog.warnOnce("invalid:" + display, "cannot cache " + display + ": " + spec.source + " "
                        + e.getMessage() + "; it runs uncached");
                continue;
            }
            int id = caches.register(cached);
            instrumented.add(type.getName());
            builder = builder.visit(Advice.withCustomMapping()
                    .bind(MethodId.class, id)
                    .to(cachedAdvice, adviceLocator)
                    .on(ElementMatchers.is(method)));
            AgentLog.info("caching " + display + " as '" + cached.cacheName() + "' (ttl "
                    + io.cachet.agent.config.Durations.format(java.time.Duration.ofMillis(cached.ttlMillis())) + ")"
                    + origin(method, spec));
        }
        return builder;
    }

    Set<String> instrumentedTypes() {
        return instrumented;
    }

    /** Reports, once, each rule that has matched no method so far. */
    void reportUnmatched() {
        for (MethodRule rule : rules) {
            if (!matched.contains(rule)) {
                AgentLog.warnOnce("unmatched:" + rule.keyOf("method"), "config: " + rule.keyOf("method") + "=" + rule.pattern()
                        + " has matched no method of any class loaded so far");
            }
        }
    }

    /** Wraps the method in {@link InvalidationAdvice} when it evicts or writes through. */
    private DynamicType.Builder<?> invalidations(DynamicType.Builder<?> builder, TypeDescription type,
                                                 MethodDescription.InDefinedShape method) {
        if (method.isConstructor() || method.isTypeInitializer()) {
            return builder;
        }
        String display = MethodNames.display(type, method);
        InvalidatingMethod m;
        try {
            m = invalidatingFactory.create(method, display, matchingRules(type, method, "evict", "write-through"));
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
        int id = invalidating.register(m);
        instrumented.add(type.getName());
        AgentLog.info("invalidating from " + display);
        return builder.visit(Advice.withCustomMapping()
                .bind(MethodId.class, id)
                .to(invalidationAdvice, adviceLocator)
                .on(ElementMatchers.is(method)));
    }

    /** Where the attributes came from, for the log line: config wins over the annotation. */
    private static String origin(MethodDescription method, CacheSpec spec) {
        if (spec.source.equals("@Cached")) {
            return "";
        }
        boolean annotated = AnnotationsByName.find(method.getDeclaredAnnotations(), CacheSpec.CACHED) != null;
        return annotated ? "; " + spec.source + " overrides its @Cached" : "; from " + spec.source;
    }

    /** The annotation's attributes overridden by any matching rule, or {@code null} if neither applies. */
    private CacheSpec specOf(TypeDescription type, MethodDescription.InDefinedShape method) {
        AnnotationDescription annotation = AnnotationsByName.find(method.getDeclaredAnnotations(), CacheSpec.CACHED);
        CacheSpec spec = annotation == null ? null : CacheSpec.fromAnnotation(annotation);
        if (!method.isConstructor() && !method.isTypeInitializer()) {
            for (MethodRule rule : matchingRules(type, method, "cache")) {
                List<String> problems = new ArrayList<>();
                spec = (spec == null ? new CacheSpec() : spec).overriddenBy(rule, problems);
                for (String p : problems) {
                    AgentLog.warnOnce("rule:" + p, "config: " + p);
                }
            }
        }
        return spec;
    }

    private List<MethodRule> matchingRules(TypeDescription type, MethodDescription method, String... families) {
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
                    && isOrInherits(type, rule.pattern(), 0)) {
                out.add(rule);
                matched.add(rule);
            }
        }
        return out;
    }

    /**
     * The inheritance rule: a pattern naming a class or interface also matches the methods of its
     * subclasses and implementations that have the pattern's method name and parameters (they
     * override or implement it). Supertypes are described from their class files; one that cannot
     * be found is passed over.
     */
    private static boolean isOrInherits(TypeDefinition type, MethodPattern pattern, int depth) {
        if (type == null || depth > 32) {
            return false;
        }
        try {
            if (pattern.matchesType(type.asErasure().getName())) {
                return true;
            }
            for (TypeDefinition i : type.getInterfaces()) {
                if (isOrInherits(i, pattern, depth + 1)) {
                    return true;
                }
            }
            return isOrInherits(type.getSuperClass(), pattern, depth + 1);
        } catch (RuntimeException unresolvable) {
            return false;
        }
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
            return "it is abstract (annotate the implementation)";
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
        int n = method.getParameters().size();
        if (n > 0 && method.getParameters().get(n - 1).getType().asErasure().getName().equals("kotlin.coroutines.Continuation")) {
            return "Kotlin suspend functions are not supported";
        }
        return null;
    }
}
