package io.cachet.agent.instrument;

import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.cache.InvalidatingMethod.Eviction;
import io.cachet.agent.config.MethodRule;
import io.cachet.agent.key.KeyTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterList;

/**
 * Reads a method's {@code @Evicts} (one or repeated), {@code @WriteThrough} and the
 * {@code cachet.evict.<id>.*} / {@code cachet.write-through.<id>.*} rules that match it, and
 * checks each against the method's parameters, as {@link CachedMethodFactory} does for
 * {@code @Cached}: a problem is reported once, here, naming the attribute and its text.
 */
final class InvalidatingMethodFactory {

    static final String EVICTS = "io.cachet.annotations.Evicts";
    static final String EVICTS_LIST = "io.cachet.annotations.Evicts$List";
    static final String WRITE_THROUGH = "io.cachet.annotations.WriteThrough";

    /** One eviction as written, from an annotation or a rule. */
    private static final class Written {
        final String source;
        List<String> tags = List.of();
        String cache = "";
        String key = "";
        boolean allEntries;
        boolean beforeInvocation;

        Written(String source) {
            this.source = source;
        }
    }

    /**
     * @return the method's invalidations, or {@code null} when it has none
     * @throws IllegalArgumentException naming the source, attribute, value and fault
     */
    InvalidatingMethod create(MethodDescription.InDefinedShape method, String display, List<MethodRule> rules) {
        List<Written> written = new ArrayList<>();
        AnnotationDescription single = AnnotationsByName.find(method.getDeclaredAnnotations(), EVICTS);
        if (single != null) {
            written.add(fromAnnotation(single));
        }
        AnnotationDescription list = AnnotationsByName.find(method.getDeclaredAnnotations(), EVICTS_LIST);
        if (list != null) {
            for (AnnotationDescription a : list.getValue("value").resolve(AnnotationDescription[].class)) {
                written.add(fromAnnotation(a));
            }
        }
        String[] writeThrough = null;
        AnnotationDescription wt = AnnotationsByName.find(method.getDeclaredAnnotations(), WRITE_THROUGH);
        if (wt != null) {
            writeThrough = new String[] {"@WriteThrough", read(wt, "cache", ""), read(wt, "key", "")};
        }
        for (MethodRule rule : rules) {
            if (rule.family().equals("evict")) {
                written.add(fromRule(rule));
            } else if (rule.family().equals("write-through")) {
                Map<String, String> a = rule.attributes();
                writeThrough = new String[] {rule.keyOf("*"), a.getOrDefault("cache", "").trim(), a.getOrDefault("key", "").trim()};
            }
        }
        if (written.isEmpty() && writeThrough == null) {
            return null;
        }
        ParameterList<?> params = method.getParameters();
        List<Eviction> evictions = new ArrayList<>();
        for (Written w : written) {
            evictions.add(resolve(w, params));
        }
        InvalidatingMethod.WriteThrough resolvedWriteThrough = null;
        if (writeThrough != null) {
            if (writeThrough[1].isEmpty() || writeThrough[2].isEmpty()) {
                throw new IllegalArgumentException(writeThrough[0] + " needs both cache and key");
            }
            resolvedWriteThrough = new InvalidatingMethod.WriteThrough(writeThrough[1],
                    CachedMethodFactory.template(writeThrough[0] + " key", writeThrough[2], params));
        }
        return new InvalidatingMethod(display, evictions, resolvedWriteThrough);
    }

    private static Eviction resolve(Written w, ParameterList<?> params) {
        boolean hasTags = !w.tags.isEmpty();
        boolean hasCache = !w.cache.isEmpty();
        if (hasTags == hasCache) {
            throw new IllegalArgumentException(w.source + " must name either tags or a cache (with key or allEntries)");
        }
        if (hasTags) {
            if (!w.key.isEmpty() || w.allEntries) {
                throw new IllegalArgumentException(w.source + " with tags takes no key or allEntries");
            }
            List<KeyTemplate> tags = new ArrayList<>();
            for (String t : w.tags) {
                tags.add(CachedMethodFactory.template(w.source + " tags", t, params));
            }
            return Eviction.ofTags(tags, w.beforeInvocation);
        }
        if (w.allEntries == !w.key.isEmpty()) {
            throw new IllegalArgumentException(w.source + " cache=\"" + w.cache + "\" needs exactly one of key or allEntries");
        }
        return w.allEntries
                ? Eviction.ofCache(w.cache, w.beforeInvocation)
                : Eviction.ofKey(w.cache, CachedMethodFactory.template(w.source + " key", w.key, params), w.beforeInvocation);
    }

    private static Written fromAnnotation(AnnotationDescription a) {
        Written w = new Written("@Evicts");
        String[] tags = read(a, "tags", new String[0]);
        w.tags = Arrays.asList(tags);
        w.cache = read(a, "cache", "");
        w.key = read(a, "key", "");
        w.allEntries = read(a, "allEntries", Boolean.FALSE);
        w.beforeInvocation = read(a, "beforeInvocation", Boolean.FALSE);
        return w;
    }

    private static Written fromRule(MethodRule rule) {
        Written w = new Written(rule.keyOf("*"));
        Map<String, String> a = rule.attributes();
        List<String> tags = new ArrayList<>();
        for (String t : a.getOrDefault("tags", "").split(",")) {
            if (!t.isBlank()) {
                tags.add(t.trim());
            }
        }
        w.tags = tags;
        w.cache = a.getOrDefault("cache", "").trim();
        w.key = a.getOrDefault("key", "").trim();
        w.allEntries = bool(rule, "all-entries", a.get("all-entries"));
        w.beforeInvocation = bool(rule, "before-invocation", a.get("before-invocation"));
        return w;
    }

    private static boolean bool(MethodRule rule, String property, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        List<String> problems = new ArrayList<>();
        boolean b = CacheSpec.bool(rule, property, value.trim(), false, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    private static <T> T read(AnnotationDescription a, String property, T fallback) {
        try {
            Object v = a.getValue(property).resolve();
            return fallback.getClass().isInstance(v) ? (T) v : fallback;
        } catch (RuntimeException unresolvable) {
            return fallback;
        }
    }
}
