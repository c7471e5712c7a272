package io.cachet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameters that form the cache key of a {@link Cached} method. When any parameter
 * of a method carries it, only the marked parameters form the key, in declaration order; the
 * others (a locale, a trace id, a logger) are ignored for caching.
 *
 * <pre>{@code
 * @Cached Product find(@CacheKey String sku, Locale ignoredForKey);
 * }</pre>
 *
 * An explicit {@link Cached#key()} takes precedence over this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface CacheKey {
}
