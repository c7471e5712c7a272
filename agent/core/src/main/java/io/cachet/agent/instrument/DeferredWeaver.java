package io.cachet.agent.instrument;

import io.cachet.agent.log.AgentLog;
import io.cachet.bootstrap.DeferredWeaving;
import java.lang.instrument.Instrumentation;
import java.util.Set;

/**
 * Weaves a class that {@link FirstCallGate} let load before the instrumentation was ready, at
 * the first call of one of its annotated methods: that call waits for the transformer (as the
 * class's loading did before), then retransforms the class, whose original bytes Byte Buddy
 * then weaves as if it were loading, and calls itself again into the woven code.
 *
 * <p>Each class is retransformed once: right after the transformer is ready, on the thread that
 * built it ({@link #weaveLoaded}), or by a first caller that gets there before; the others wait
 * for that one. A class that cannot be (no transformer: it could not be built, or
 * not within {@link PrefilteringTransformer#READY_WAIT_SECONDS}; or the JVM refused) runs its
 * methods' own bodies, uncached, and is not tried again on every call: its callers see the
 * outcome and return at once. Only one wait for a late transformer is ever made: after it,
 * callers look without waiting.
 */
final class DeferredWeaver implements DeferredWeaving {

    private final Instrumentation inst;
    private final PrefilteringTransformer transformer;
    /** Per class, without holding on to it: a class-loader-scoped value, gone with its loader. */
    private final ClassValue<Outcome> outcomes = new ClassValue<>() {
        @Override
        protected Outcome computeValue(Class<?> type) {
            return new Outcome();
        }
    };

    DeferredWeaver(Instrumentation inst, PrefilteringTransformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
    }

    /**
     * Weaves the classes let through so far that have loaded, on the caller's thread (the one that
     * built the transformer, once it is ready), so that their first calls need not wait for it;
     * any whose first call came first has been woven already, or is being woven, and is left to it.
     */
    void weaveLoaded() {
        Set<String> names = transformer.takeDeferred();
        if (names.isEmpty() || transformer.awaitReady() == null) {
            return;
        }
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (names.contains(type.getName())) {
                weave(type);
            }
        }
    }

    @Override
    public boolean weave(Class<?> type) {
        Outcome outcome = outcomes.get(type);
        Boolean woven = outcome.woven;
        if (woven != null) {
            return woven;
        }
        if (transformer.awaitReady() == null) {
            return false; // uncached, as a class that loaded before a transformer that never came
        }
        synchronized (outcome) {
            if (outcome.woven == null) {
                outcome.woven = retransform(type);
            }
            return outcome.woven;
        }
    }

    private boolean retransform(Class<?> type) {
        try {
            inst.retransformClasses(type);
            return true;
        } catch (Throwable t) {
            AgentLog.warn("cannot instrument " + type.getName() + " at its first call: " + t + "; it runs uncached");
            return false;
        }
    }

    /** Whether a class was woven: {@code null} until its first caller has tried. */
    private static final class Outcome {
        volatile Boolean woven;
    }
}
