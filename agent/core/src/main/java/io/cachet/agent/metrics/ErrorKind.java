package io.cachet.agent.metrics;

/** Faults a cache call can meet; each one ends in running the method, never in an exception. */
public enum ErrorKind {
    /** Redis failed or did not answer in time. */
    REDIS,
    /** Bytes that did not decode, or a result that could not be encoded. */
    CODEC,
    /** A key or tag template that could not be rendered for the arguments. */
    TEMPLATE
}
