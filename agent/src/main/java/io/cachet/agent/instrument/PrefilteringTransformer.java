package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Decides from the raw class file, before Byte Buddy parses anything, whether a class can
 * concern us at all: its constant pool must name a Cachet annotation, or the literal part of a
 * rule's type pattern (which also catches subclasses and implementations of that type, since a
 * class names its supertypes). Nearly every class the JVM loads fails within a microsecond and
 * is returned untouched; only candidates reach the Byte Buddy transformer.
 */
final class PrefilteringTransformer implements ClassFileTransformer {

    private static final byte[] ANNOTATIONS = "io/cachet/annotations/".getBytes(StandardCharsets.US_ASCII);

    /** The loader of the agent core: its classes are never ours to cache. */
    private static final ClassLoader AGENT_LOADER = PrefilteringTransformer.class.getClassLoader();

    private final ClassFileTransformer delegate;
    /** What a class file must contain to possibly match a rule: Cachet's annotations or a rule's type. */
    private final byte[][] markers;

    PrefilteringTransformer(ClassFileTransformer delegate, List<MethodRule> rules) {
        this.delegate = delegate;
        List<byte[]> all = new ArrayList<>();
        all.add(ANNOTATIONS);
        for (MethodRule rule : rules) {
            String literal = rule.pattern().typeLiteral();
            // A pattern with hardly any literal text (*#find) has to look at every class.
            all.add(literal.length() >= 2 ? literal.getBytes(StandardCharsets.UTF_8) : new byte[0]);
        }
        this.markers = all.toArray(new byte[0][]);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        try {
            if (className == null || loader == null || loader == AGENT_LOADER
                    || IgnoredTypes.isIgnored(className) || !mentionsAny(bytes)) {
                return null;
            }
            return delegate.transform(loader, className, redefined, protectionDomain, bytes);
        } catch (Throwable t) {
            // The JVM would ignore the exception anyway; say what happened and leave the class as it is.
            AgentLog.warnOnce("transform:" + className, "cannot instrument " + className + ": " + t);
            return null;
        }
    }

    private boolean mentionsAny(byte[] bytes) {
        for (byte[] marker : markers) {
            if (contains(bytes, marker)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] bytes, byte[] marker) {
        if (marker.length == 0) {
            return true;
        }
        byte first = marker[0];
        int last = bytes.length - marker.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
