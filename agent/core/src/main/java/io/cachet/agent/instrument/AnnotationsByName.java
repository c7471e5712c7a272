package io.cachet.agent.instrument;

import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;

/**
 * Finds Cachet's annotations by name, so any version of the annotations jar works and the
 * agent never loads an annotation class (docs/ARCHITECTURE.md, "Annotations by name").
 */
final class AnnotationsByName {

    private AnnotationsByName() {
    }

    static AnnotationDescription find(AnnotationList annotations, String typeName) {
        for (AnnotationDescription a : annotations) {
            if (a.getAnnotationType().getName().equals(typeName)) {
                return a;
            }
        }
        return null;
    }
}
