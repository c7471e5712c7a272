package io.cachet.agent.instrument;

import io.cachet.bootstrap.CacheHandlerHolder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@link CachedAdvice} for a Kotlin {@code suspend} function, which may also replace the
 * arguments the body runs with: the handler wraps the last one, the caller's continuation, to
 * see the value the function resumes it with when it completes after suspending. A hit is the
 * value itself, returned without suspending (or the marker that the caller is suspended until
 * a load of the same key elsewhere in this JVM is done). The exit is {@link CachedAdvice}'s: the
 * two share the {@code cachetCall} local by name.
 */
final class SuspendAdvice {

    private SuspendAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Object enter(@MethodId int methodId,
                        @Advice.Origin Class<?> declaringType,
                        @Advice.This(optional = true) Object self,
                        @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args,
                        @Advice.Local("cachetCall") Object call) {
        call = CacheHandlerHolder.enter(methodId, declaringType, self, args);
        args = CacheHandlerHolder.arguments(call, args);
        return CacheHandlerHolder.hit(call);
    }
}
