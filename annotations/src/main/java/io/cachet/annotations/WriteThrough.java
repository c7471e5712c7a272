package io.cachet.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores the annotated method's return value in a cache after it returns normally, so the next
 * read of that entry is a hit with the fresh value. The entry gets the TTL and tags of the
 * target cache. Nothing is stored when the method throws.
 *
 * <pre>{@code
 * @WriteThrough(cache = "UserRepository.findById", key = "{0.id}")
 * User save(User u);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WriteThrough {

    /** Name of the cache to write to, as given by (or defaulted for) {@link Cached#name()}. */
    String cache();

    /** Key template of the entry to write, e.g. {@code "{0.id}"}. */
    String key();
}
