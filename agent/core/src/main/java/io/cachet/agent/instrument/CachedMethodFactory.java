package io.cachet.agent.instrument;

import io.cachet.agent.cache.CachePolicy;
import io.cachet.agent.cache.CachedMethod;
import io.cachet.agent.cache.MethodRef;
import io.cachet.agent.cache.ReturnShape;
import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.RuleFamily.Cache;
import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Turns a method and its {@code @Cached} attributes into a {@link CachedMethod}, checking
 * everything that can be checked before the first call: durations, fractions, and every
 * template against the method's parameters and their declared types. A problem is reported
 * once, here, and the method is left uninstrumented; templates never fail a call for a reason
 * known now.
 */
final class CachedMethodFactory {

    static final String CACHE_KEY = "io.cachet.annotations.CacheKey";

    private final Duration defaultTtl;
    private final Duration retention;
    private final EntryKeys entryKeys;

    CachedMethodFactory(Duration defaultTtl, Duration retention, EntryKeys entryKeys) {
        this.defaultTtl = defaultTtl;
        this.retention = retention;
        this.entryKeys = entryKeys;
    }

    /** {@link #create(TypeDescription, TypeDescription, MethodDescription.InDefinedShape, AttributeValues, boolean)} of a class's own method. */
    CachedMethod create(TypeDescription type, MethodDescription.InDefinedShape method, AttributeValues values) {
        return create(type, type, method, values, false);
    }

    /**
     * @param namedAfter the type the cache is named after and whose package root the codec
     *     allows: {@code type} itself, or for a proxy or generated subclass the type it stands for
     *     ({@link GeneratedTypes#namedAfter})
     * @param generated whether {@code type} is a proxy or generated subclass (its loads then
     *     cache for the call they delegate to; see {@code cache.DelegatedCalls})
     * @throws IllegalArgumentException naming the attribute, its value and what is wrong
     */
    CachedMethod create(TypeDescription type, TypeDescription namedAfter, MethodDescription.InDefinedShape method,
                        AttributeValues values, boolean generated) {
        values.requireValid();
        CachePolicy policy = CachePolicy.of(values, defaultTtl, retention);
        ParameterList<?> params = method.getParameters();
        int last = params.size() - 1;
        ReturnShape shape = ReturnShape.of(method.getReturnType().asErasure().getName(),
                last < 0 ? null : params.get(last).getType().asErasure().getName());
        // A suspend function's last parameter is the caller's continuation, never part of the key.
        int keyed = shape == ReturnShape.SUSPEND ? last : params.size();
        String keyText = values.get(Cache.KEY);
        KeyTemplate key = keyText == null || keyText.isEmpty()
                ? defaultKey(defaultKeyArguments(params, keyed), params) : template("key", keyText, params);
        List<KeyTemplate> tags = new ArrayList<>();
        for (String tag : values.get(Cache.TAGS)) {
            tags.add(template("tags", tag, params));
        }
        String name = values.get(Cache.NAME);
        // A JDK proxy declares every method of its interfaces, so its overloads are counted there;
        // a generated subclass overrides only some of its superclass's, so they are counted on that.
        String cacheName = name == null || name.isEmpty()
                ? defaultName(namedAfter, GeneratedTypes.isJdkProxy(type) ? type : namedAfter, method) : name;
        List<String> parameterTypes = new ArrayList<>();
        for (ParameterDescription p : params) {
            parameterTypes.add(p.getType().asErasure().getActualName());
        }
        MethodRef ref = new MethodRef(MethodNames.display(namedAfter, method), type.getName(), namedAfter.getName(),
                method.getName(), parameterTypes);
        return new CachedMethod(ref, cacheName, new CacheKeys(entryKeys, cacheName, key, tags), policy, shape, generated,
                values.source());
    }

    /** The arguments a key is made of by default: those marked {@code @CacheKey}, else all of the first {@code keyed}. */
    private static List<Integer> defaultKeyArguments(ParameterList<?> params, int keyed) {
        List<Integer> marked = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (ParameterDescription p : params.subList(0, keyed)) {
            all.add(p.getIndex());
            if (AnnotationsByName.find(p.getDeclaredAnnotations(), CACHE_KEY) != null) {
                marked.add(p.getIndex());
            }
        }
        return marked.isEmpty() ? all : marked;
    }

    private static KeyTemplate defaultKey(List<Integer> arguments, ParameterList<?> params) {
        List<String> declared = new ArrayList<>();
        for (int a : arguments) {
            declared.add(PropertyPaths.check(params.get(a).getType(), List.of()));
        }
        return KeyTemplate.ofArguments(arguments).declaring(declared);
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
            List<String> declared = new ArrayList<>();
            for (KeyTemplate.Placeholder ph : t.placeholders()) {
                declared.add(PropertyPaths.check(params.get(ph.argument()).getType(), ph.path()));
            }
            return t.declaring(declared);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(attribute + "=\"" + text + "\": " + e.getMessage());
        }
    }

    /**
     * {@code SimpleClassName.method}; when the class declares several methods of that name, the
     * parameter types are appended, so overloads never share entries.
     */
    static String defaultName(TypeDescription type, MethodDescription method) {
        return defaultName(type, type, method);
    }

    /** {@link #defaultName(TypeDescription, MethodDescription)}, counting overloads in {@code overloadsIn}. */
    static String defaultName(TypeDescription type, TypeDescription overloadsIn, MethodDescription method) {
        String simple = type.getSimpleName();
        if (simple == null || simple.isEmpty()) {
            String n = type.getName();
            simple = n.substring(n.lastIndexOf('.') + 1);
        }
        int sameName = overloadsIn.getDeclaredMethods()
                .filter(m -> m.getName().equals(method.getName()) && !m.isBridge() && !m.isSynthetic()).size();
        String base = simple + "." + method.getName();
        return sameName > 1 ? base + MethodNames.simpleParameterList(method) : base;
    }
}
