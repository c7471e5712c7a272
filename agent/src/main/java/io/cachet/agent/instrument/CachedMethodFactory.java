package io.cachet.agent.instrument;

import io.cachet.agent.cache.CachedMethod;
import io.cachet.agent.config.Durations;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.shadow.ShadowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Turns a method and its {@link CacheSpec} into a {@link CachedMethod}, checking everything that
 * can be checked before the first call: durations, fractions, and every template against the
 * method's parameters and their declared types. A problem is reported once, here, and the
 * method is left uninstrumented; templates never fail a call for a reason known now.
 */
final class CachedMethodFactory {

    static final String CACHE_KEY = "io.cachet.annotations.CacheKey";

    /** Tags an entry may carry: each is a counter read on every lookup. */
    static final int MAX_TAGS = 32;

    private final Duration defaultTtl;
    private final Duration retention;
    private final EntryKeys entryKeys;

    CachedMethodFactory(Duration defaultTtl, Duration retention, EntryKeys entryKeys) {
        this.defaultTtl = defaultTtl;
        this.retention = retention;
        this.entryKeys = entryKeys;
    }

    /** @throws IllegalArgumentException naming the attribute, its value and what is wrong */
    CachedMethod create(TypeDescription type, MethodDescription.InDefinedShape method, CacheSpec spec) {
        Duration ttl = spec.ttl.isEmpty() ? defaultTtl : duration("ttl", spec.ttl);
        if (spec.tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags: " + spec.tags.size() + " tags, at most " + MAX_TAGS);
        }
        Duration swr = spec.staleWhileRevalidate.isEmpty() ? Duration.ZERO : duration("staleWhileRevalidate", spec.staleWhileRevalidate);
        if (!(spec.jitter >= 0 && spec.jitter <= 1)) {
            throw new IllegalArgumentException("jitter=" + spec.jitter + ": not a fraction between 0 and 1");
        }
        if (ttl.toMillis() * (1 + spec.jitter) + swr.toMillis() > retention.toMillis()) {
            // An entry must not outlive the version counters that can invalidate it.
            throw new IllegalArgumentException("ttl=\"" + Durations.format(ttl) + "\" (plus jitter) is longer than "
                    + "cachet.invalidation.retention (" + Durations.format(retention) + "); shorten it or raise the retention");
        }
        ShadowPolicy shadow = ShadowPolicy.of(spec.mode, spec.verifyRate, spec.shadowEquality);
        ParameterList<?> params = method.getParameters();
        KeyTemplate key = spec.key.isEmpty() ? KeyTemplate.ofArguments(defaultKeyArguments(params)) : template("key", spec.key, params);
        List<KeyTemplate> tags = new ArrayList<>();
        for (String tag : spec.tags) {
            tags.add(template("tags", tag, params));
        }
        String cacheName = spec.name.isEmpty() ? defaultName(type, method) : spec.name;
        List<String> parameterTypes = new ArrayList<>();
        for (ParameterDescription p : params) {
            parameterTypes.add(p.getType().asErasure().getActualName());
        }
        CachedMethod cached = new CachedMethod(MethodNames.display(type, method), type.getName(), method.getName(), parameterTypes,
                cacheName, entryKeys, key, tags, ttl.toMillis(), spec.jitter, spec.cacheNulls, spec.slidingTtl, isAsync(method),
                spec.singleFlight, swr.toMillis(), spec.earlyRefreshBeta, spec.near);
        cached.verifyWith(shadow);
        return cached;
    }

    static boolean isAsync(MethodDescription method) {
        String r = method.getReturnType().asErasure().getName();
        return r.equals("java.util.concurrent.CompletableFuture") || r.equals("java.util.concurrent.CompletionStage");
    }

    private static Duration duration(String attribute, String value) {
        try {
            return Durations.parsePositive(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + "=\"" + value + "\": " + e.getMessage());
        }
    }

    private static List<Integer> defaultKeyArguments(ParameterList<?> params) {
        List<Integer> marked = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (ParameterDescription p : params) {
            all.add(p.getIndex());
            if (AnnotationsByName.find(p.getDeclaredAnnotations(), CACHE_KEY) != null) {
                marked.add(p.getIndex());
            }
        }
        return marked.isEmpty() ? all : marked;
    }

    static KeyTemplate template(String attribute, String text, ParameterList<?> params) {
        try {
            KeyTemplate t = KeyTemplate.parse(text, params.size(), name -> {
                for (ParameterDescription p : params) {
                    if (p.isNamed() && p.getName().equals(name)) {
                        return p.getIndex();
                    }
                }
                return -1;
            });
            for (KeyTemplate.Placeholder ph : t.placeholders()) {
                PropertyPaths.check(params.get(ph.argument()).getType(), ph.path());
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + "=\"" + text + "\": " + e.getMessage());
        }
    }

    /**
     * {@code SimpleClassName.method}; when the class declares several methods of that name, the
     * parameter types are appended, so overloads never share entries.
     */
    static String defaultName(TypeDescription type, MethodDescription method) {
        String simple = type.getSimpleName();
        if (simple == null || simple.isEmpty()) {
            String n = type.getName();
            simple = n.substring(n.lastIndexOf('.') + 1);
        }
        int sameName = type.getDeclaredMethods()
                .filter(m -> m.getName().equals(method.getName()) && !m.isBridge() && !m.isSynthetic()).size();
        String base = simple + "." + method.getName();
        return sameName > 1 ? base + MethodNames.simpleParameterList(method) : base;
    }
}
