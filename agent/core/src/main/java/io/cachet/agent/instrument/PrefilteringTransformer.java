package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * candidate class that loads before it is ready is let through with a call at the top of its
 * annotated methods that weaves it at its first call ({@link FirstCallGate},
 * {@link DeferredWeaver}); one that cannot be (a rule may match it, say) waits for the
 * transformer (instrumented at load, as always). If the transformer is not ready within
 * {@link #READY_WAIT_SECONDS}, that class loads as it is and is retransformed once it is, and
 * nothing waits for it again.
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
    /** Names of the classes {@link FirstCallGate} let through, until {@link #takeDeferred} takes them. */
    private final Set<String> deferred = ConcurrentHashMap.newKeySet();
    /** Whether one wait for the delegate has run out: later ones would too, so none is made. */
    private volatile boolean gaveUp;
    /** What a class file must contain to possibly concern us: Cachet's annotations or a rule's type. */
    private final ClassFileMarkers markers;
    /** What a candidate contains if a rule may match it: such a class waits for the transformer. */
    private final ClassFileMarkers ruleMarkers;

    PrefilteringTransformer(List<MethodRule> rules) {
        List<String> ruleTypes = new ArrayList<>();
        for (MethodRule rule : rules) {
            // A pattern with hardly any literal text (*#find) has to look at every class.
            ruleTypes.add(rule.pattern().typeLiteral());
        }
        List<String> all = new ArrayList<>(ruleTypes);
        all.add(ANNOTATIONS);
        this.markers = new ClassFileMarkers(all);
        this.ruleMarkers = new ClassFileMarkers(ruleTypes);
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
            byte[] woven;
            if (d == null && (woven = gate(module, redefined, bytes)) != null) {
                String name = className.replace('/', '.');
                deferred.add(name);
                AgentLog.debug(name + " loaded before the instrumentation was ready; it is woven once it is, "
                        + "or at its first call if that comes first");
            } else {
                if (d == null) {
                    d = awaitDelegate(className);
                }
                woven = d == null ? null : d.transform(module, loader, className, redefined, protectionDomain, bytes);
            }
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
     * The class with {@link FirstCallGate}'s call in its annotated methods, or {@code null} when
     * it must wait for the transformer: a rule may match it, it is in a named module, or it is
     * being redefined (already loaded, and so already given whatever it was to get).
     */
    private byte[] gate(Module module, Class<?> redefined, byte[] bytes) {
        if (redefined != null || (module != null && module.isNamed()) || ruleMarkers.foundIn(bytes)) {
            return null;
        }
        return FirstCallGate.insert(bytes);
    }

    /** The names of the classes let through before the transformer was ready, each given once. */
    Set<String> takeDeferred() {
        Set<String> taken = new HashSet<>();
        for (String name : deferred) {
            if (deferred.remove(name)) {
                taken.add(name);
            }
        }
        return taken;
    }

    /**
     * The transformer once it is ready, waiting for it up to {@link #READY_WAIT_SECONDS} unless
     * an earlier wait ran out; {@code null} if it is not there by then, or could not be built.
     */
    ClassFileTransformer awaitReady() {
        ClassFileTransformer d = delegate;
        if (d != null || gaveUp) {
            return d;
        }
        try {
            if (built.await(READY_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return delegate;
            }
            gaveUp = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return delegate;
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
        ClassFileTransformer d = awaitReady();
        if (d != null) {
            return d;
        }
        // Dekker-style with ready(): either it sees this flag, or this sees its delegate.
        missedAny = true;
        d = delegate;
        if (d == null) {
            AgentLog.warnOnce("late:" + className, className + " loaded before the instrumentation was ready; "
                    + "it is retransformed once it is");
        }
        return d;
    }
}
