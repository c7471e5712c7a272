package io.cachet.agent.codec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A bounded pool of reusable objects that never takes a lock. Kryo's own thread-safe
 * {@code Pool} keeps its objects in a {@code LinkedBlockingQueue}, whose lock parks a thread
 * that finds it taken; the codec runs on threads that must not block (a Reactor subscriber's),
 * so it keeps them here instead. The bound is kept loosely: a few more objects may be made than
 * kept, never more kept than {@code max} plus the number of racing threads.
 */
final class FreeList<T> {

    private final ConcurrentLinkedQueue<T> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int max;
    private final Supplier<T> create;

    FreeList(int max, Supplier<T> create) {
        this.max = max;
        this.create = create;
    }

    T obtain() {
        T t = free.poll();
        if (t == null) {
            return create.get();
        }
        size.decrementAndGet();
        return t;
    }

    void free(T t) {
        if (size.get() < max) {
            size.incrementAndGet();
            free.offer(t);
        }
    }
}
