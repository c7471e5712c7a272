package io.cachet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Invalidates cache entries when the annotated method changes what they were computed from.
 * Repeatable; each occurrence names one of three targets:
 * <ul>
 *   <li>{@link #tags()} - every entry carrying any of the tags, in every JVM;</li>
 *   <li>{@link #cache()} + {@link #key()} - one entry of one cache;</li>
 *   <li>{@link #cache()} + {@link #allEntries()} - a whole cache.</li>
 * </ul>
 *
 * <p>Invariant: once the method has returned, no later call in any JVM connected to the same
 * Redis returns an evicted value, including one whose load was in flight during the eviction.
 * By default the eviction happens only after the method returns normally; a method that throws
 * evicts nothing unless {@link #beforeInvocation()} is set. A failed eviction is logged and
 * never thrown into the application.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Evicts.List.class)
public @interface Evicts {

    /** Tag templates to invalidate, e.g. {@code "user:{0.id}"}. */
    String[] tags() default {};

    /** Name of the cache to evict from, as given by (or defaulted for) {@link Cached#name()}. */
    String cache() default "";

    /** Key template of the single entry to evict from {@link #cache()}, e.g. {@code "{0}"}. */
    String key() default "";

    /** Evicts every entry of {@link #cache()}, in constant time. */
    boolean allEntries() default false;

    /** Evicts before the method body runs, whether or not it then succeeds. */
    boolean beforeInvocation() default false;

    /** Holds repeated {@link Evicts} annotations; written by the compiler, not by users. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        /** The repeated annotations. */
        Evicts[] value();
    }
}
