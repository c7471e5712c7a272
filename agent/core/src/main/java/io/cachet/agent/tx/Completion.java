package io.cachet.agent.tx;

/** What runs once a transaction has completed, on the thread that completed it. */
@FunctionalInterface
public interface Completion {

    /**
     * @param committed {@code true} when the transaction committed; {@code false} when it rolled
     *     back or its outcome is unknown (treat that as "the database may hold either value")
     */
    void completed(boolean committed);
}
