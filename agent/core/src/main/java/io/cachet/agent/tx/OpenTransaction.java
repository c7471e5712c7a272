package io.cachet.agent.tx;

/** The transaction the current thread runs in, as the application's transaction manager sees it. */
public interface OpenTransaction {

    /**
     * Has {@code completion} run once this transaction has committed or rolled back.
     *
     * @return {@code false} when it could not be registered (the transaction is already
     *     completing, or the manager refused): the caller then knows nothing about the commit
     */
    boolean afterCompletion(Completion completion);
}
