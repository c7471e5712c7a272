package io.cachet.agent.kotlin;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * What the agent needs of the application's Kotlin runtime to cache a {@code suspend} function,
 * found by name on the classes of the application's own kotlin-stdlib (the agent has none).
 *
 * <p>The Kotlin compiler turns {@code suspend fun find(id: String): Book} into
 * {@code Object find(String id, Continuation<? super Book> completion)}: it returns the value,
 * or {@code COROUTINE_SUSPENDED} and later resumes {@code completion} with the value (or a
 * {@code Result.Failure}). Its body is a state machine: on a first call it wraps
 * {@code completion} in a continuation object of its own, and each time it resumes after a
 * suspension it calls the same method again, with that object and {@code null} arguments.
 *
 * <p>So the advice wraps the caller's completion in a {@link Proxy} of {@code Continuation}
 * defined in the application's loader, which sees the value the function resumes it with. That
 * is the only point where the value of a suspended run can be seen without changing the
 * compiled state machine, and the proxy implements nothing but the public interface. It also
 * tells re-entries apart: a re-entry's argument is the state machine's own continuation, whose
 * {@code completion} is that proxy, carrying the method's id; such calls pass through untouched.
 * (A function that calls itself, directly, with its own state machine as completion looks the
 * same: its inner calls run uncached, which is only a missed hit.)
 *
 * <p>One per application {@code Continuation} class, in a {@link ClassValue} of that class.
 */
public final class Coroutines {

    private static final ClassValue<Coroutines> BY_CONTINUATION = new ClassValue<>() {
        @Override
        protected Coroutines computeValue(Class<?> continuation) {
            try {
                return new Coroutines(continuation);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Kotlin's coroutine runtime not usable beside " + continuation.getName() + ": " + e, e);
            }
        }
    };

    private final Class<?> continuation;
    private final Object suspended;
    private final Object unit;
    private final Class<?> baseContinuation;
    private final MethodHandle completionOf;
    private final Class<?> failure;
    private final MethodHandle failureException;
    private final MethodHandle createFailure;
    private final Class<?> boxedResult;
    private final MethodHandle unboxResult;
    private final MethodHandle getContext;
    private final MethodHandle resumeWith;
    private final MethodHandle contextGet;
    private final Object interceptorKey;
    private final MethodHandle interceptContinuation;

    private Coroutines(Class<?> continuation) throws ReflectiveOperationException {
        this.continuation = continuation;
        ClassLoader loader = continuation.getClassLoader();
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        Class<?> intrinsics = Class.forName("kotlin.coroutines.intrinsics.IntrinsicsKt", false, loader);
        suspended = invoke(l.findStatic(intrinsics, "getCOROUTINE_SUSPENDED", MethodType.methodType(Object.class)));
        Class<?> unitClass = Class.forName("kotlin.Unit", false, loader);
        unit = invoke(l.findStaticGetter(unitClass, "INSTANCE", unitClass));
        baseContinuation = Class.forName("kotlin.coroutines.jvm.internal.BaseContinuationImpl", false, loader);
        completionOf = generic(l.findVirtual(baseContinuation, "getCompletion", MethodType.methodType(continuation)));
        failure = Class.forName("kotlin.Result$Failure", false, loader);
        failureException = generic(l.findGetter(failure, "exception", Throwable.class));
        Class<?> resultKt = Class.forName("kotlin.ResultKt", false, loader);
        createFailure = generic(l.findStatic(resultKt, "createFailure", MethodType.methodType(Object.class, Throwable.class)));
        boxedResult = Class.forName("kotlin.Result", false, loader);
        unboxResult = generic(l.findVirtual(boxedResult, "unbox-impl", MethodType.methodType(Object.class)));
        Class<?> context = Class.forName("kotlin.coroutines.CoroutineContext", false, loader);
        Class<?> contextKey = Class.forName("kotlin.coroutines.CoroutineContext$Key", false, loader);
        Class<?> element = Class.forName("kotlin.coroutines.CoroutineContext$Element", false, loader);
        Class<?> interceptor = Class.forName("kotlin.coroutines.ContinuationInterceptor", false, loader);
        Class<?> interceptorKeyClass = Class.forName("kotlin.coroutines.ContinuationInterceptor$Key", false, loader);
        getContext = generic(l.findVirtual(continuation, "getContext", MethodType.methodType(context)));
        resumeWith = generic(l.findVirtual(continuation, "resumeWith", MethodType.methodType(void.class, Object.class)));
        contextGet = generic(l.findVirtual(context, "get", MethodType.methodType(element, contextKey)));
        interceptorKey = invoke(l.findStaticGetter(interceptor, "Key", interceptorKeyClass));
        interceptContinuation = generic(l.findVirtual(interceptor, "interceptContinuation",
                MethodType.methodType(continuation, continuation)));
    }

    /**
     * The runtime of the Kotlin that {@code continuationType} (a suspend function's last
     * parameter type, the application's {@code kotlin.coroutines.Continuation}) belongs to.
     *
     * @throws IllegalStateException when that runtime lacks what is needed
     */
    public static Coroutines of(Class<?> continuationType) {
        return BY_CONTINUATION.get(continuationType);
    }

    private static Object invoke(MethodHandle constant) throws ReflectiveOperationException {
        try {
            return constant.invoke();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandle generic(MethodHandle h) {
        return h.asType(h.type().generic());
    }

    /** What a function returns instead of its value when it suspends. */
    public Object suspendedMarker() {
        return suspended;
    }

    /** Whether {@code argument} is the state machine of method {@code methodId} resuming: a re-entry, to pass through. */
    public boolean reentry(Object argument, int methodId) {
        if (!baseContinuation.isInstance(argument)) {
            return false;
        }
        Object completion = call(completionOf, argument);
        return completion != null && Proxy.isProxyClass(completion.getClass())
                && Proxy.getInvocationHandler(completion) instanceof Observed
                && ((Observed) Proxy.getInvocationHandler(completion)).methodId == methodId;
    }

    /**
     * {@code completion} wrapped for method {@code methodId}: {@code onResult} is given what the
     * function resumes it with (the value, or a failure: see {@link #exceptionIn}), then
     * {@code completion} is resumed with it, on the same thread, as the function would have.
     *
     * @param onResult {@code null} to only mark re-entries
     */
    public Object observe(Object completion, int methodId, Consumer<Object> onResult) {
        return proxy(new Observed(this, completion, methodId, onResult));
    }

    /** The exception when {@code resumedWith} (what a completion is resumed with) is a {@code Result.Failure}; else {@code null}. */
    public Throwable exceptionIn(Object resumedWith) {
        return failure.isInstance(resumedWith) ? (Throwable) call(failureException, resumedWith) : null;
    }

    /**
     * Whether {@code value} is a {@code kotlin.Result} holding a failure: what a function declared
     * to return {@code Result<T>} gives for an exception it caught. Never cached, like any exception.
     */
    public boolean failedResult(Object value) {
        return boxedResult.isInstance(value) && failure.isInstance(call(unboxResult, value));
    }

    /** Resumes {@code completion} with {@code value}, on the calling thread. */
    public void resume(Object completion, Object value) {
        callVoid(resumeWith, completion, value);
    }

    /** Resumes {@code completion} with an exception, on the calling thread. */
    public void resumeWithException(Object completion, Throwable t) {
        callVoid(resumeWith, completion, call(createFailure, t));
    }

    /**
     * Runs {@code task} where the coroutine of {@code completion} runs: dispatched through its
     * context's {@code ContinuationInterceptor} (its dispatcher), as kotlinx.coroutines resumes a
     * suspended coroutine, or on this thread when it has none.
     */
    public void dispatch(Object completion, Runnable task) {
        Object context = call(getContext, completion);
        Object runner = proxy(new Dispatched(context, task));
        Object interceptor = call(contextGet, context, interceptorKey);
        Object target = interceptor == null ? runner : call(interceptContinuation, interceptor, runner);
        callVoid(resumeWith, target, unit);
    }

    private Object proxy(InvocationHandler h) {
        return Proxy.newProxyInstance(continuation.getClassLoader(), new Class<?>[] {continuation}, h);
    }

    /** Calls a one-argument handle of generic type; exceptions other than unchecked ones are wrapped. */
    private static Object call(MethodHandle h, Object arg) {
        try {
            return h.invoke(arg);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Object call(MethodHandle h, Object target, Object arg) {
        try {
            return h.invoke(target, arg);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static void callVoid(MethodHandle h, Object target, Object arg) {
        call(h, target, arg);
    }

    /** The caller's completion, seen through: what it is resumed with goes to a callback first. */
    private static final class Observed implements InvocationHandler {
        private final Coroutines k;
        private final Object delegate;
        final int methodId;
        private final Consumer<Object> onResult;

        Observed(Coroutines k, Object delegate, int methodId, Consumer<Object> onResult) {
            this.k = k;
            this.delegate = delegate;
            this.methodId = methodId;
            this.onResult = onResult;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "getContext":
                    return call(k.getContext, delegate);
                case "resumeWith":
                    if (onResult != null) {
                        try {
                            onResult.accept(args[0]);
                        } catch (RuntimeException | LinkageError ignored) {
                            // the caller gets its result whatever the cache made of it
                        }
                    }
                    callVoid(k.resumeWith, delegate, args[0]);
                    return null;
                default:
                    return objectMethod(proxy, method, args, "cachet(" + delegate + ")");
            }
        }
    }

    /** A continuation that runs a task when resumed: how work is handed to a coroutine's dispatcher. */
    private static final class Dispatched implements InvocationHandler {
        private final Object context;
        private final Runnable task;

        Dispatched(Object context, Runnable task) {
            this.context = context;
            this.task = task;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "getContext":
                    return context;
                case "resumeWith":
                    task.run();
                    return null;
                default:
                    return objectMethod(proxy, method, args, "cachet-dispatch");
            }
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return name;
        }
    }
}
