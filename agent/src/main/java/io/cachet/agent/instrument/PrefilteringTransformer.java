package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Decides from the raw class file, before Byte Buddy parses anything, whether a class can
 * concern us at all: it must name a Cachet annotation somewhere in its constant pool, or match
 * a configured pattern by name. Nearly every class the JVM loads fails both tests within a
 * microsecond and is returned untouched; only candidates reach the Byte Buddy transformer.
 */
final class PrefilteringTransformer implements ClassFileTransformer {

    private static final byte[] MARKER = "io/cachet/annotations/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The loader of the agent core: its classes are never ours to cache. */
    private static final ClassLoader AGENT_LOADER = PrefilteringTransformer.class.getClassLoader();

    private final ClassFileTransformer delegate;
    private final List<MethodRule> rules;

    PrefilteringTransformer(ClassFileTransformer delegate, List<MethodRule> rules) {
        this.delegate = delegate;
        this.rules = rules;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        try {
            if (className == null || loader == null || loader == AGENT_LOADER
                    || IgnoredTypes.isIgnored(className) || !(mentionsCachet(bytes) || matchesRule(className))) {
                return null;
            }
            return delegate.transform(loader, className, redefined, protectionDomain, bytes);
        } catch (Throwable t) {
            // The JVM would ignore the exception anyway; say what happened and leave the class as it is.
            AgentLog.warnOnce("transform:" + className, "cannot instrument " + className + ": " + t);
            return null;
        }
    }

    private boolean matchesRule(String internalName) {
        if (rules.isEmpty()) {
            return false;
        }
        String name = internalName.replace('/', '.');
        for (MethodRule rule : rules) {
            if (rule.pattern().matchesType(name)) {
                return true;
            }
        }
        return false;
    }

    static boolean mentionsCachet(byte[] bytes) {
        byte first = MARKER[0];
        int last = bytes.length - MARKER.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < MARKER.length; j++) {
                if (bytes[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
