package io.cachet.agent.instrument;

import io.cachet.bootstrap.CacheHandlerHolder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every {@code @Evicts} / {@code @WriteThrough} method. Like {@link CachedAdvice}
 * it references only bootstrap classes and never changes the method's outcome: the body always
 * runs, its result and exception pass through untouched.
 */
final class InvalidationAdvice {

    private InvalidationAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@MethodId int methodId,
                        @Advice.Origin Class<?> declaringType,
                        @Advice.AllArguments Object[] args) {
        return CacheHandlerHolder.beforeInvalidating(methodId, declaringType, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@MethodId int methodId,
                     @Advice.Enter Object state,
                     @Advice.AllArguments Object[] args,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        CacheHandlerHolder.afterInvalidating(methodId, state, args, returned, thrown);
    }
}
