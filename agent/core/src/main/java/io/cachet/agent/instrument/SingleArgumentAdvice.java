package io.cachet.agent.instrument;

import io.cachet.bootstrap.CacheHandlerHolder;
import net.bytebuddy.asm.Advice;

/**
 * {@link CachedAdvice}'s enter for a method of one parameter: it passes the argument itself,
 * where {@code @Advice.AllArguments} would build an array for every call. A near hit found by
 * that argument's value then allocates nothing. The array could only be left out by the JIT
 * when the whole hit path was inlined into the method, and C2 stops inlining at a bridge
 * method it has already compiled on its own for other callers ("already compiled into a big
 * method"), which is what an application with several cached methods gets: the one-JVM
 * benchmark measured the array's 24 bytes on most runs. The exit is {@link CachedAdvice}'s: the
 * two share the {@code cachetCall} local by name.
 */
final class SingleArgumentAdvice {

    private SingleArgumentAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static Object enter(@MethodId int methodId,
                        @Advice.Origin Class<?> declaringType,
                        @Advice.This(optional = true) Object self,
                        @Advice.Argument(0) Object argument,
                        @Advice.Local("cachetCall") Object call) {
        call = CacheHandlerHolder.enterSingle(methodId, declaringType, self, argument);
        return CacheHandlerHolder.hit(call);
    }
}
