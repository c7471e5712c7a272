package io.cachet.agent.config;

/** {@code @Cached(mode)} and {@code cachet.cache.<id>.mode}: how far a cache is trusted. */
public enum CacheMode {
    /** Hits are served from the cache. */
    NORMAL,
    /** The method always runs and its result is served; the cached one is only compared with it. */
    SHADOW,
    /** As normal, but a fraction ({@code verify-rate}) of calls run the method and compare, as in shadow mode. */
    VERIFY_SAMPLE
}
