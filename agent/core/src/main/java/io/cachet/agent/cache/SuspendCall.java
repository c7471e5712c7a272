package io.cachet.agent.cache;

import io.cachet.agent.kotlin.Coroutines;
import io.cachet.bootstrap.PendingCall;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A call of a Kotlin {@code suspend} function between its enter and exit: the body runs with
 * the caller's continuation wrapped (see {@link Coroutines#observe}), so that the value is seen
 * whether the function returns it or suspends and resumes the caller with it later. Without a
 * load (the call runs uncached) the wrapper only marks the state machine's re-entries.
 */
final class SuspendCall extends PendingCall {

    /** What the value fills, or {@code null} when the call runs uncached. */
    final Load load;
    private final Object[] arguments;
    private final AtomicBoolean ended = new AtomicBoolean();

    SuspendCall(Load load, Coroutines coroutines, int methodId, Object[] args, Consumer<Object> onResumed) {
        this.load = load;
        this.arguments = args.clone();
        int last = args.length - 1;
        arguments[last] = coroutines.observe(args[last], methodId, load == null ? null : onResumed);
    }

    @Override
    public Object[] arguments(Object[] args) {
        return arguments;
    }

    /** Claims the call's one ending: by its return, its throw, or its continuation's resumption. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }
}
