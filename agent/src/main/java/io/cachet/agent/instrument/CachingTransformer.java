package io.cachet.agent.instrument;

import io.cachet.agent.cache.CachedMethod;
import io.cachet.agent.cache.MethodRegistry;
import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
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
 * Finds the cached methods of a type (by annotation name or configured pattern), registers each
 * one and wraps it in {@link CachedAdvice} with its registry number bound as a constant.
 */
final class CachingTransformer implements AgentBuilder.Transformer {

    private final MethodRegistry registry;
    private final CachedMethodFactory factory;
    private final List<MethodRule> rules;
    private final TypeDescription advice;
    private final ClassFileLocator adviceLocator;

    CachingTransformer(MethodRegistry registry, CachedMethodFactory factory, List<MethodRule> rules) {
        this.registry = registry;
        this.factory = factory;
        this.rules = rules;
        this.adviceLocator = ClassFileLocator.ForClassLoader.of(CachedAdvice.class.getClassLoader());
        this.advice = TypePool.Default.of(adviceLocator).describe(CachedAdvice.class.getName()).resolve();
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                            JavaModule module, ProtectionDomain protectionDomain) {
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            CacheSpec spec = specOf(type, method);
            if (spec == null) {
                continue;
            }
            String display = MethodNames.display(type, method);
            String unsupported = unsupported(method);
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
            int id = registry.register(cached);
            builder = builder.visit(Advice.withCustomMapping()
                    .bind(MethodId.class, id)
                    .to(advice, adviceLocator)
                    .on(ElementMatchers.is(method)));
            AgentLog.info("caching " + display + " as '" + cached.cacheName() + "' (ttl "
                    + io.cachet.agent.config.Durations.format(java.time.Duration.ofMillis(cached.ttlMillis())) + ")");
        }
        return builder;
    }

    /** The annotation's attributes overridden by any matching rule, or {@code null} if neither applies. */
    private CacheSpec specOf(TypeDescription type, MethodDescription.InDefinedShape method) {
        AnnotationDescription annotation = AnnotationsByName.find(method.getDeclaredAnnotations(), CacheSpec.CACHED);
        CacheSpec spec = annotation == null ? null : CacheSpec.fromAnnotation(annotation);
        if (!rules.isEmpty() && !method.isConstructor() && !method.isTypeInitializer()) {
            List<String> parameterTypes = new ArrayList<>();
            for (ParameterDescription p : method.getParameters()) {
                parameterTypes.add(p.getType().asErasure().getActualName());
            }
            for (MethodRule rule : rules) {
                if (rule.pattern().matchesType(type.getName()) && rule.pattern().matchesMethod(method.getName(), parameterTypes)) {
                    List<String> problems = new ArrayList<>();
                    spec = (spec == null ? new CacheSpec() : spec).overriddenBy(rule, problems);
                    for (String p : problems) {
                        AgentLog.warnOnce("rule:" + p, "config: " + p);
                    }
                }
            }
        }
        return spec;
    }

    /** Why a method cannot be cached, or {@code null} when it can. */
    private static String unsupported(MethodDescription method) {
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
        if (method.getReturnType().represents(void.class)) {
            return "it returns void, so there is nothing to cache";
        }
        int n = method.getParameters().size();
        if (n > 0 && method.getParameters().get(n - 1).getType().asErasure().getName().equals("kotlin.coroutines.Continuation")) {
            return "Kotlin suspend functions are not supported";
        }
        return null;
    }
}
