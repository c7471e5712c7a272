package io.cachet.agent.tx;

/**
 * Finds the transaction a calling thread runs in. The one implementation that matters,
 * {@link ApplicationTransactions}, asks the application's own Spring or JTA classes; tests give
 * their own.
 */
public interface Transactions {

    /** Sees no transaction anywhere. */
    Transactions NONE = caller -> null;

    /**
     * @param caller the class whose method is running: its class loader is where the
     *     application's transaction classes are looked for; {@code null} for none
     * @return the transaction the current thread runs in, or {@code null} when there is none this
     *     agent can see
     */
    OpenTransaction current(Class<?> caller);
}
