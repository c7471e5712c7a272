package io.cachet.agent.cache;

import io.cachet.agent.config.AttributeValues;
import io.cachet.agent.config.RuleFamily;
import io.cachet.agent.key.CacheKeys;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.key.KeyTemplate;
import io.cachet.agent.near.NearCache;
import io.cachet.agent.near.TieredStore;
import io.cachet.bootstrap.CacheHandlerHolder;
import io.cachet.bootstrap.PendingCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One "JVM" of a core test: a handler over a shared {@link ScriptedStore}, with one cached
 * method, {@link Books#title(String)}, called exactly as its inlined advice would call it.
 */
final class CoreHarness {

    /** The application: titles by id, a counter of loads, and a gate a test can hold loads at. */
    public static final class Books {
        final Map<String, String> titles = new ConcurrentHashMap<>();
        final AtomicInteger loads = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        /** Counted down when a load has entered the method body. */
        volatile CountDownLatch entered = new CountDownLatch(0);
        volatile RuntimeException failure;

        /** Reads the title, then waits at the gate: what it returns is what the database held when it started. */
        public String title(String id) {
            loads.incrementAndGet();
            String title = titles.get(id);
            entered.countDown();
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return title;
        }

        /** The same title, as a future completed by another thread. */
        public CompletableFuture<String> titleLater(String id) {
            loads.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> titles.get(id));
        }

        /** Holds every load that starts from now on inside the method, until {@link #release}. */
        CountDownLatch hold() {
            entered = new CountDownLatch(1);
            gate = new CountDownLatch(1);
            return entered;
        }

        void release() {
            gate.countDown();
        }
    }

    private static final AtomicInteger CACHES = new AtomicInteger();
    static final EntryKeys KEYS = new EntryKeys("");

    /** Statistics are kept per cache name for the whole JVM: each test has a name of its own. */
    static String newCacheName() {
        return "Books.title" + CACHES.incrementAndGet();
    }

    final String cache;
    final Books books = new Books();
    final Caches caches = new Caches();
    final TieredStore tiers;
    final PendingInvalidations pending;
    final CachingHandler handler;
    final CachedMethod method;
    final CachedMethod later;
    final MethodRuntime.Factory runtimes;
    final int id;
    private final int laterId;

    /** A JVM whose cache is {@code cache}: give two harnesses the same name to make them two JVMs of one cluster. */
    CoreHarness(ScriptedStore store, Duration leaseWait, String cache) {
        this(store, leaseWait, cache, 8 << 20);
    }

    /** ... whose entries are stored up to {@code maxEntryBytes} ({@code cachet.codec.max-entry-bytes}). */
    CoreHarness(ScriptedStore store, Duration leaseWait, String cache, int maxEntryBytes) {
        this(store, null, leaseWait, cache, maxEntryBytes);
    }

    /** ... with {@code near} in front of the store, and {@code @Cached(near = true)} on its methods. */
    CoreHarness(ScriptedStore store, NearCache near, String cache) {
        this(store, near, Duration.ofSeconds(5), cache, 8 << 20);
    }

    private CoreHarness(ScriptedStore store, NearCache near, Duration leaseWait, String cache, int maxEntryBytes) {
        this.cache = cache;
        tiers = new TieredStore(store, near);
        AttributeValues attributes = near == null ? AttributeValues.none("@Cached")
                : AttributeValues.fromAnnotation("@Cached", RuleFamily.CACHE, member -> member.equals("near") ? Boolean.TRUE : null);
        pending = new PendingInvalidations(tiers, caches);
        runtimes = new MethodRuntime.Factory(List.of(), 1024, 100, maxEntryBytes);
        handler = new CachingHandler(caches, tiers, pending, runtimes, 10_000, leaseWait.toMillis());
        method = new CachedMethod(new MethodRef("Books#title(String)", Books.class.getName(), "title", List.of("java.lang.String")),
                cache, new CacheKeys(KEYS, cache, KeyTemplate.ofArguments(List.of(0)), List.of()),
                CachePolicy.of(attributes, Duration.ofMinutes(5), Duration.ofDays(30)), ReturnShape.VALUE);
        id = caches.register(method);
        String laterCache = cache + ".later";
        later = new CachedMethod(new MethodRef("Books#titleLater(String)", Books.class.getName(), "titleLater", List.of("java.lang.String")),
                laterCache, new CacheKeys(KEYS, laterCache, KeyTemplate.ofArguments(List.of(0)), List.of()),
                CachePolicy.of(attributes, Duration.ofMinutes(5), Duration.ofDays(30)), ReturnShape.COMPLETION_STAGE);
        laterId = caches.register(later);
    }

    /** {@code books.titleLater(bookId)}, through the cache as the advice does it. */
    @SuppressWarnings("unchecked")
    CompletableFuture<String> titleLater(String bookId) {
        Object entered = handler.enterSingle(laterId, Books.class, books, bookId); // the advice of a method of one parameter
        Object hit = CacheHandlerHolder.hit(entered);
        if (hit != null) {
            return (CompletableFuture<String>) CacheHandlerHolder.unwrap(hit);
        }
        CompletableFuture<String> returned = books.titleLater(bookId);
        return entered instanceof PendingCall
                ? (CompletableFuture<String>) handler.exit((PendingCall) entered, returned, null) : returned;
    }

    /** {@code books.title(bookId)}, through the cache as the advice does it. */
    String title(String bookId) {
        Object entered = handler.enterSingle(id, Books.class, books, bookId); // the advice of a method of one parameter
        Object hit = CacheHandlerHolder.hit(entered);
        if (hit != null) {
            Throwable thrown = CacheHandlerHolder.thrownBy(hit);
            if (thrown != null) {
                throw (RuntimeException) thrown;
            }
            return (String) CacheHandlerHolder.unwrap(hit);
        }
        String returned;
        try {
            returned = books.title(bookId);
        } catch (RuntimeException e) {
            if (entered instanceof PendingCall) {
                handler.exit((PendingCall) entered, null, e);
            }
            throw e;
        }
        if (entered instanceof PendingCall) {
            handler.exit((PendingCall) entered, returned, null);
        }
        return returned;
    }

    /** A call of {@code books.title(bookId)}, for a test that drives one step of the core itself. */
    Call call(String bookId) {
        return new Call(method, runtimes.of(method, Books.class), books, new Object[] {bookId});
    }

    /** The counter whose bump evicts the entry of {@code bookId}. */
    String keyCounter(String bookId) {
        return KEYS.keyVersion(cache, bookId);
    }

    String leaseKey(String bookId) {
        return KEYS.lease(cache, bookId);
    }
}
