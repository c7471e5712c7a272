package io.cachet.agent.config;

import java.util.List;

/** The values of {@code cachet.cache.<id>.mode} and {@code .shadow-equality}, and of {@code @Cached(mode)}. */
public final class CacheModes {

    /** Hits are served from the cache. */
    public static final String NORMAL = "normal";
    /** The method always runs and its result is served; the cached one is only compared with it. */
    public static final String SHADOW = "shadow";
    /** As normal, but a fraction ({@code verify-rate}) of hits run the method and compare, as in shadow mode. */
    public static final String VERIFY_SAMPLE = "verify-sample";
    public static final List<String> MODES = List.of(NORMAL, SHADOW, VERIFY_SAMPLE);

    /** {@code equals} where the type overrides it, else field by field. */
    public static final String AUTO = "auto";
    public static final String EQUALS = "equals";
    public static final String STRUCTURAL = "structural";
    public static final List<String> EQUALITIES = List.of(AUTO, EQUALS, STRUCTURAL);

    private CacheModes() {
    }
}
