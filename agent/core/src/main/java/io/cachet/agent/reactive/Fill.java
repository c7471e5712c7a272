package io.cachet.agent.reactive;

/**
 * Where a subscription that missed reports how its original publisher ended. Exactly one of the
 * three is called, at most once; implementations never throw (they are called from inside the
 * application's pipeline, where a throw would become its error).
 */
public interface Fill {

    /** The publisher completed normally with {@code value}: a {@code Mono}'s value ({@code null} when empty), a {@code Flux}'s elements as a list. */
    void completed(Object value);

    /** The publisher ended with an error: nothing is stored, followers get the error. */
    void failed(Throwable error);

    /** Cancelled before it completed, or a {@code Flux} longer than the bound: nothing is stored. */
    void abandoned();
}
