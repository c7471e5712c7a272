package io.cachet.agent.config;

/** {@code cachet.cache.<id>.shadow-equality}: how shadow results are compared with cached ones. */
public enum ShadowEquality {
    /** {@code equals} where the type overrides it, else field by field. */
    AUTO,
    EQUALS,
    STRUCTURAL
}
