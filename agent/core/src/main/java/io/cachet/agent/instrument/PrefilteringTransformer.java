package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Decides from the raw class file, before Byte Buddy parses anything, whether a class can
 * concern us at all: its constant pool must name a Cachet annotation, or the literal part of a
 * rule's type pattern (which also catches subclasses and implementations of that type, since a
 * class names its supertypes). Nearly every class the JVM loads fails in a few microseconds and
 * is returned untouched (one pass over its bytes, {@link ClassFileMarkers}); only candidates
 * reach the Byte Buddy transformer.
 *
 * <p>That transformer is built after {@code premain} has returned, on an agent thread: building
 * it loads about a thousand Byte Buddy classes and generates one, which would otherwise hold up
 * the application's start by the better part of a second. It is ready once built and once the
 * handler its advice calls is installed (built beside it, see {@code AgentInstaller}). A
 * candidate class that loads before it is ready waits for it (instrumented at load, as always);
 * if it is not ready within {@link #READY_WAIT_SECONDS}, the class loads as it is and is
 * retransformed once it is.
 */
final class PrefilteringTransformer implements ClassFileTransformer {

    private static final String ANNOTATIONS = "io/cachet/annotations/";

    /** The loader of the agent core: its classes are never ours to cache. */
    private static final ClassLoader AGENT_LOADER = PrefilteringTransformer.class.getClassLoader();

    static final long READY_WAIT_SECONDS = 30;

    private final CountDownLatch built = new CountDownLatch(1);
    /** Byte Buddy's transformer once built; {@code null} before, or if it could not be built. */
    private volatile ClassFileTransformer delegate;
    /** Whether a candidate loaded uninstrumented because the delegate was late; see {@link #ready}. */
    private volatile boolean missedAny;
    /** What a class file must contain to possibly match a rule: Cachet's annotations or a rule's type. */
    private final ClassFileMarkers markers;

    PrefilteringTransformer(List<MethodRule> rules) {
        List<String> all = new ArrayList<>();
        all.add(ANNOTATIONS);
        for (MethodRule rule : rules) {
            // A pattern with hardly any literal text (*#find) has to look at every class.
            all.add(rule.pattern().typeLiteral());
        }
        this.markers = new ClassFileMarkers(all);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain protectionDomain, byte[] bytes) {
        try {
            if (className == null || loader == null || loader == AGENT_LOADER
                    || IgnoredTypes.isIgnored(className) || !markers.foundIn(bytes)) {
                return null;
            }
            ClassFileTransformer d = delegate;
            if (d == null) {
                d = awaitDelegate(className);
            }
            byte[] woven = d == null ? null : d.transform(module, loader, className, redefined, protectionDomain, bytes);
            if (woven != null) {
                // An application loader: cachet.log.target=application looks for its logging there.
                AgentLog.applicationLoader(loader);
            }
            return woven;
        } catch (Throwable t) {
            // The JVM would ignore the exception anyway; say what happened and leave the class as it is.
            AgentLog.warnOnce("transform:" + className, "cannot instrument " + className + ": " + t);
            return null;
        }
    }

    /**
     * Hands over to Byte Buddy's transformer ({@code null} if it could not be built).
     *
     * @return whether a candidate class loaded uninstrumented meanwhile, so that loaded
     *     candidates must be retransformed now
     */
    boolean ready(ClassFileTransformer byteBuddy) {
        delegate = byteBuddy;
        built.countDown();
        return missedAny;
    }

    private ClassFileTransformer awaitDelegate(String className) {
        try {
            if (built.await(READY_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return delegate;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Dekker-style with ready(): either it sees this flag, or this sees its delegate.
        missedAny = true;
        ClassFileTransformer d = delegate;
        if (d == null) {
            AgentLog.warnOnce("late:" + className, className + " loaded before the instrumentation was ready; "
                    + "it is retransformed once it is");
        }
        return d;
    }
}
