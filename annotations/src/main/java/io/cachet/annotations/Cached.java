package io.cachet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the annotated method from the cache: on a hit the method does not run and the
 * cached result is returned; on a miss the method runs and its result is stored.
 *
 * <p>Invariants the agent keeps for a {@code @Cached} method:
 * <ul>
 *   <li>it returns what it would have returned, or a value it returned within the TTL;</li>
 *   <li>it throws what it would have thrown; exceptions are never cached;</li>
 *   <li>a cache fault (Redis down, corrupt bytes, an unserializable value) makes the call run
 *       normally; it is never turned into an exception.</li>
 * </ul>
 *
 * <p>Void, abstract and native methods and constructors cannot be cached; the agent logs one
 * warning naming such a method and leaves it alone. A {@code CompletableFuture} or
 * {@code CompletionStage} result is cached as its completed value, and a hit returns an
 * already-completed future.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {

    /**
     * Time to live of an entry, e.g. {@code "10m"} or {@code "PT10M"}. Empty means the
     * configured default ({@code cachet.default.ttl}). Every entry is stored with a server-side
     * expiry; nothing is stored without one.
     */
    String ttl() default "";

    /**
     * Tag templates the entry carries, e.g. {@code "user:{0}"}. Evicting a tag with
     * {@link Evicts#tags()} invalidates every entry that carries it.
     */
    String[] tags() default {};

    /**
     * Name of the cache. Default: {@code SimpleClassName.methodName}; when the class declares
     * several methods of that name, the parameter types are appended so overloads never share
     * entries, e.g. {@code Catalog.find(long)} and {@code Catalog.find(String)}.
     */
    String name() default "";

    /**
     * Key template, e.g. {@code "{0.id}"}. Default: all arguments, or only the parameters
     * annotated with {@link CacheKey} when there are any.
     */
    String key() default "";

    /** Whether a {@code null} result is cached (so a known absence is not reloaded). */
    boolean cacheNulls() default true;

    /**
     * Random spread added to each entry's TTL, as a fraction of it (0.1 = up to 10% longer),
     * so entries written together do not all expire together.
     */
    double jitter() default 0.1;

    /**
     * For this long after the TTL, callers get the old value at once while one caller reloads
     * it in the background. Empty = off.
     */
    String staleWhileRevalidate() default "";

    /** Whether each read restarts the entry's TTL. */
    boolean slidingTtl() default false;

    /** Whether this method may use the in-process near cache in front of Redis. */
    boolean near() default false;

    /**
     * {@code "normal"} (the default): hits are served from the cache. {@code "shadow"}: the
     * method always runs and its real result is returned, while the agent compares it with the
     * entry it would have served, counts mismatches and logs a sample of them (key and values,
     * cut to 200 characters); use it to see that caching a legacy method does not change its
     * answers before trusting it. {@code "verify-sample"}: normal, except that a fraction
     * ({@link #verifyRate()}) of calls run as in shadow mode. Results are compared with
     * {@code equals} where their type overrides it, else field by field (configurable with
     * {@code cachet.cache.<id>.shadow-equality=auto|equals|structural}).
     */
    String mode() default "normal";

    /** In {@code mode = "verify-sample"}, the fraction of calls (0 to 1) that run the method and compare. */
    double verifyRate() default 0.01;
}
