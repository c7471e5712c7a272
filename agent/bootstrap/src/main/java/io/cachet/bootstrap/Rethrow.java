package io.cachet.bootstrap;

/**
 * What {@link CacheHandler#enter} returns to make a call end with an exception instead of running
 * the method: the exception another caller's run of the same load ended with (single-flight),
 * re-thrown to each caller that waited for it.
 */
public final class Rethrow {

    final Throwable thrown;

    public Rethrow(Throwable thrown) {
        this.thrown = thrown;
    }
}
