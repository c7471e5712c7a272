package io.cachet.agent.reactive;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operators of the application's own Reactor that the wrappers use, as method handles found
 * on its {@code Mono}, {@code Flux} and {@code Schedulers} classes. The agent has no Reactor
 * types of its own on this side (its relocated copy, {@code io.cachet.shaded.reactor}, serves
 * Redisson and is never used here): every function passed in is a JDK functional interface.
 *
 * <p>One per application {@code Mono} class, in a {@link ClassValue} of that class, so it lives
 * and dies with the application's Reactor and never pins its loader.
 */
final class ReactorApi {

    private static final ClassValue<ReactorApi> BY_MONO = new ClassValue<>() {
        @Override
        protected ReactorApi computeValue(Class<?> mono) {
            try {
                return new ReactorApi(mono);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Reactor's operators not found on " + mono.getName() + ": " + e, e);
            }
        }
    };

    private final MethodHandle monoDefer;
    private final MethodHandle monoJust;
    private final MethodHandle monoEmpty;
    private final MethodHandle monoError;
    private final MethodHandle monoFromStage;
    private final MethodHandle monoFlatMap;
    private final MethodHandle monoFlatMapMany;
    private final MethodHandle monoDoOnSuccess;
    private final MethodHandle monoDoOnError;
    private final MethodHandle monoDoOnCancel;
    private final MethodHandle fluxDefer;
    private final MethodHandle fluxFromIterable;
    private final MethodHandle fluxError;
    private final MethodHandle fluxDoOnNext;
    private final MethodHandle fluxDoOnComplete;
    private final MethodHandle fluxDoOnError;
    private final MethodHandle fluxDoOnCancel;
    private final MethodHandle parallel;
    private final MethodHandle schedule;

    private ReactorApi(Class<?> mono) throws ReflectiveOperationException {
        ClassLoader loader = mono.getClassLoader();
        Class<?> flux = Class.forName(ReactorNames.FLUX, false, loader);
        Class<?> scheduler = Class.forName(ReactorNames.SCHEDULER, false, loader);
        Class<?> schedulers = Class.forName(ReactorNames.SCHEDULERS, false, loader);
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        monoDefer = generic(l.findStatic(mono, "defer", MethodType.methodType(mono, Supplier.class)));
        monoJust = generic(l.findStatic(mono, "just", MethodType.methodType(mono, Object.class)));
        monoEmpty = generic(l.findStatic(mono, "empty", MethodType.methodType(mono)));
        monoError = generic(l.findStatic(mono, "error", MethodType.methodType(mono, Throwable.class)));
        monoFromStage = generic(l.findStatic(mono, "fromCompletionStage", MethodType.methodType(mono, CompletionStage.class)));
        monoFlatMap = generic(l.findVirtual(mono, "flatMap", MethodType.methodType(mono, Function.class)));
        monoFlatMapMany = generic(l.findVirtual(mono, "flatMapMany", MethodType.methodType(flux, Function.class)));
        monoDoOnSuccess = generic(l.findVirtual(mono, "doOnSuccess", MethodType.methodType(mono, Consumer.class)));
        monoDoOnError = generic(l.findVirtual(mono, "doOnError", MethodType.methodType(mono, Consumer.class)));
        monoDoOnCancel = generic(l.findVirtual(mono, "doOnCancel", MethodType.methodType(mono, Runnable.class)));
        fluxDefer = generic(l.findStatic(flux, "defer", MethodType.methodType(flux, Supplier.class)));
        fluxFromIterable = generic(l.findStatic(flux, "fromIterable", MethodType.methodType(flux, Iterable.class)));
        fluxError = generic(l.findStatic(flux, "error", MethodType.methodType(flux, Throwable.class)));
        fluxDoOnNext = generic(l.findVirtual(flux, "doOnNext", MethodType.methodType(flux, Consumer.class)));
        fluxDoOnComplete = generic(l.findVirtual(flux, "doOnComplete", MethodType.methodType(flux, Runnable.class)));
        fluxDoOnError = generic(l.findVirtual(flux, "doOnError", MethodType.methodType(flux, Consumer.class)));
        fluxDoOnCancel = generic(l.findVirtual(flux, "doOnCancel", MethodType.methodType(flux, Runnable.class)));
        parallel = generic(l.findStatic(schedulers, "parallel", MethodType.methodType(scheduler)));
        Class<?> disposable = Class.forName(ReactorNames.DISPOSABLE, false, loader);
        schedule = generic(l.findVirtual(scheduler, "schedule", MethodType.methodType(disposable, Runnable.class)));
    }

    /** The operators of the Reactor that {@code publisherType} (the application's {@code Mono} or {@code Flux}) belongs to. */
    static ReactorApi of(Class<?> publisherType) throws ClassNotFoundException {
        Class<?> mono = publisherType.getName().equals(ReactorNames.MONO)
                ? publisherType : Class.forName(ReactorNames.MONO, false, publisherType.getClassLoader());
        return BY_MONO.get(mono);
    }

    private static MethodHandle generic(MethodHandle h) {
        return h.asType(h.type().generic());
    }

    Object monoDefer(Supplier<Object> s) throws Throwable {
        return monoDefer.invoke((Object) s);
    }

    Object monoJust(Object value) throws Throwable {
        return monoJust.invoke(value);
    }

    Object monoEmpty() throws Throwable {
        return monoEmpty.invoke();
    }

    Object monoError(Throwable t) throws Throwable {
        return monoError.invoke((Object) t);
    }

    /**
     * Reactor's {@code Schedulers.parallel()} as an executor: where a lookup's answer is worked
     * out and delivered. Its threads are Reactor's own non-blocking workers, the threads its
     * timed operators ({@code delay}, {@code timeout}) signal on, so the subscriber's operators
     * run where they would after any asynchronous step; never on Redisson's event loop, and
     * never on an agent thread (which has no context class loader).
     */
    Executor parallel() {
        return task -> {
            try {
                schedule.invoke(parallel.invoke(), (Object) task);
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new RejectedExecutionException(t);
            }
        };
    }

    /** A {@code Mono} of {@code stage}'s value, signalled on the thread that completes it. */
    Object monoFrom(CompletionStage<?> stage) throws Throwable {
        return monoFromStage.invoke((Object) stage);
    }

    Object monoFlatMap(Object mono, Function<Object, Object> f) throws Throwable {
        return monoFlatMap.invoke(mono, (Object) f);
    }

    Object monoFlatMapMany(Object mono, Function<Object, Object> f) throws Throwable {
        return monoFlatMapMany.invoke(mono, (Object) f);
    }

    /** {@code mono} with {@code fill} told how it ended. */
    Object monoObserved(Object mono, Consumer<Object> onSuccess, Consumer<Throwable> onError, Runnable onCancel) throws Throwable {
        Object m = monoDoOnSuccess.invoke(mono, (Object) onSuccess);
        m = monoDoOnError.invoke(m, (Object) onError);
        return monoDoOnCancel.invoke(m, (Object) onCancel);
    }

    Object fluxDefer(Supplier<Object> s) throws Throwable {
        return fluxDefer.invoke((Object) s);
    }

    Object fluxFromIterable(Iterable<?> items) throws Throwable {
        return fluxFromIterable.invoke((Object) items);
    }

    Object fluxError(Throwable t) throws Throwable {
        return fluxError.invoke((Object) t);
    }

    Object fluxObserved(Object flux, Consumer<Object> onNext, Runnable onComplete, Consumer<Throwable> onError, Runnable onCancel)
            throws Throwable {
        Object f = fluxDoOnNext.invoke(flux, (Object) onNext);
        f = fluxDoOnComplete.invoke(f, (Object) onComplete);
        f = fluxDoOnError.invoke(f, (Object) onError);
        return fluxDoOnCancel.invoke(f, (Object) onCancel);
    }
}
