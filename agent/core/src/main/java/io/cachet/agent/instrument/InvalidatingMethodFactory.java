package io.cachet.agent.instrument;

import io.cachet.agent.cache.InvalidatingMethod.Eviction;
import io.cachet.agent.cache.InvalidatingMethod;
import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.MethodRule;
import io.cachet.agent.config.RuleFamily.Evict;
import io.cachet.agent.config.RuleFamily.WriteThrough;
import io.cachet.agent.config.RuleFamily;
import io.cachet.agent.key.KeyTemplate;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * @param rules the evict and write-through rules that match the method
     * @return the method's invalidations, or {@code null} when it has none
     * @throws IllegalArgumentException naming the source, attribute, value and fault
     */
    InvalidatingMethod create(MethodDescription.InDefinedShape method, String display, List<MethodRule> rules) {
        List<AttributeValues> evictions = new ArrayList<>();
        AnnotationDescription single = AnnotationsByName.find(method.getDeclaredAnnotations(), EVICTS);
        if (single != null) {
            evictions.add(AnnotationValuesReader.read(single, "@Evicts", RuleFamily.EVICT));
        }
        AnnotationDescription list = AnnotationsByName.find(method.getDeclaredAnnotations(), EVICTS_LIST);
        if (list != null) {
            for (AnnotationDescription a : list.getValue("value").resolve(AnnotationDescription[].class)) {
                evictions.add(AnnotationValuesReader.read(a, "@Evicts", RuleFamily.EVICT));
            }
        }
        AttributeValues writeThrough = null;
        AnnotationDescription wt = AnnotationsByName.find(method.getDeclaredAnnotations(), WRITE_THROUGH);
        if (wt != null) {
            writeThrough = AnnotationValuesReader.read(wt, "@WriteThrough", RuleFamily.WRITE_THROUGH);
        }
        for (MethodRule rule : rules) {
            if (rule.family() == RuleFamily.EVICT) {
                evictions.add(rule.values());
            } else if (rule.family() == RuleFamily.WRITE_THROUGH) {
                writeThrough = rule.values();
            }
        }
        if (evictions.isEmpty() && writeThrough == null) {
            return null;
        }
        ParameterList<?> params = method.getParameters();
        List<Eviction> resolved = new ArrayList<>();
        for (AttributeValues e : evictions) {
            resolved.add(eviction(e, params));
        }
        return new InvalidatingMethod(display, resolved, writeThrough == null ? null : writeThrough(writeThrough, params));
    }

    private static InvalidatingMethod.WriteThrough writeThrough(AttributeValues w, ParameterList<?> params) {
        requireValid(w);
        String cache = w.get(WriteThrough.CACHE);
        String key = w.get(WriteThrough.KEY);
        if (isEmpty(cache) || isEmpty(key)) {
            throw new IllegalArgumentException(w.source() + " needs both cache and key");
        }
        return new InvalidatingMethod.WriteThrough(cache, CachedMethodFactory.template(w.source() + " key", key, params));
    }

    private static Eviction eviction(AttributeValues w, ParameterList<?> params) {
        requireValid(w);
        List<String> tagTexts = w.get(Evict.TAGS);
        String cache = w.get(Evict.CACHE);
        String key = w.get(Evict.KEY);
        boolean allEntries = w.get(Evict.ALL_ENTRIES);
        boolean beforeInvocation = w.get(Evict.BEFORE_INVOCATION);
        boolean hasTags = !tagTexts.isEmpty();
        if (hasTags == !isEmpty(cache)) {
            throw new IllegalArgumentException(w.source() + " must name either tags or a cache (with key or allEntries)");
        }
        if (hasTags) {
            if (!isEmpty(key) || allEntries) {
                throw new IllegalArgumentException(w.source() + " with tags takes no key or allEntries");
            }
            List<KeyTemplate> tags = new ArrayList<>();
            for (String t : tagTexts) {
                tags.add(CachedMethodFactory.template(w.source() + " tags", t, params));
            }
            return Eviction.ofTags(tags, beforeInvocation);
        }
        if (allEntries == !isEmpty(key)) {
            throw new IllegalArgumentException(w.source() + " cache=\"" + cache + "\" needs exactly one of key or allEntries");
        }
        return allEntries
                ? Eviction.ofCache(cache, beforeInvocation)
                : Eviction.ofKey(cache, CachedMethodFactory.template(w.source() + " key", key, params), beforeInvocation);
    }

    private static void requireValid(AttributeValues w) {
        try {
            w.requireValid();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(w.source() + " " + e.getMessage());
        }
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
