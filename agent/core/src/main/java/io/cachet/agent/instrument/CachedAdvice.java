package io.cachet.agent.instrument;

import io.cachet.bootstrap.CacheHandlerHolder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into every cached method. It may reference only bootstrap classes: the code runs
 * inside application classes, whose loaders can see the bootstrap path but not the agent's
 * isolated loader.
 *
 * <p>Enter asks the handler; a non-null answer other than a pending call is a hit and skips
 * the body ({@code skipOn = OnNonDefaultValue}); exit then returns the hit (or throws the
 * exception a shared load ended with), or hands the real outcome to the handler, which may put
 * another value in its place (a future that completes once its value is stored). Both are suppressed on {@code Throwable} so advice can never fail
 * the application, and {@link CacheHandlerHolder} stops errors before they could leave the
 * return value unset.
 */
final class CachedAdvice {

    private CachedAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Object enter(@MethodId int methodId,
                        @Advice.Origin Class<?> declaringType,
                        @Advice.This(optional = true) Object self,
                        @Advice.AllArguments Object[] args,
                        @Advice.Local("cachetCall") Object call) {
        call = CacheHandlerHolder.enter(methodId, declaringType, self, args);
        return CacheHandlerHolder.hit(call);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object hit,
                     @Advice.Local("cachetCall") Object call,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown(readOnly = false) Throwable thrown) {
        if (hit != null) {
            thrown = CacheHandlerHolder.thrownBy(hit);
            if (thrown == null) {
                returned = CacheHandlerHolder.unwrap(hit);
            }
        } else {
            Object value = CacheHandlerHolder.exit(call, returned, thrown);
            if (thrown == null) {
                returned = value;
            }
        }
    }
}
