package io.cachet.agent.instrument;

import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.RuleFamily;
import net.bytebuddy.description.annotation.AnnotationDescription;

/** Reads a Cachet annotation found by name into the attributes of its {@link RuleFamily}. */
final class AnnotationValuesReader {

    private AnnotationValuesReader() {
    }

    /**
     * A member whose value cannot be resolved (the annotations jar is not visible to the type
     * pool, so defaults cannot be read) keeps the attribute's default, which mirrors the
     * annotation's.
     *
     * @throws IllegalArgumentException naming the member, its value and what is wrong
     */
    static AttributeValues read(AnnotationDescription annotation, String source, RuleFamily family) {
        return AttributeValues.fromAnnotation(source, family, member -> {
            try {
                return annotation.getValue(member).resolve();
            } catch (RuntimeException unresolvable) {
                return null;
            }
        });
    }
}
