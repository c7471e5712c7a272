package io.cachet.agent.tx;

import java.lang.reflect.Method;

/**
 * Spring's transaction synchronization, as one class loader sees it: {@code
 * TransactionSynchronizationManager.isSynchronizationActive()} tells whether the current thread
 * runs in a Spring-managed transaction ({@code @Transactional}, {@code TransactionTemplate}, any
 * {@code PlatformTransactionManager}, JTA through Spring's {@code JtaTransactionManager}
 * included), and {@code registerSynchronization} has a callback run after its commit or
 * rollback. Called reflectively: the agent has no Spring on its class path.
 */
final class SpringSynchronizations implements OpenTransaction {

    private static final String MANAGER = "org.springframework.transaction.support.TransactionSynchronizationManager";
    private static final String CALLBACK = "org.springframework.transaction.support.TransactionSynchronization";
    /** {@code TransactionSynchronization.STATUS_COMMITTED}. */
    private static final int STATUS_COMMITTED = 0;

    private final Class<?> callbackType;
    private final Method isActive;
    private final Method register;

    private SpringSynchronizations(Class<?> callbackType, Method isActive, Method register) {
        this.callbackType = callbackType;
        this.isActive = isActive;
        this.register = register;
    }

    /**
     * Spring's synchronization as {@code loader} sees it, or {@code null} when it has no Spring
     * transactions (then nothing of Spring is loaded: a missing class is only looked for).
     */
    static SpringSynchronizations in(ClassLoader loader) {
        Class<?> manager = ClassLookup.find(MANAGER, loader);
        Class<?> callback = manager == null ? null : ClassLookup.find(CALLBACK, loader);
        if (callback == null) {
            return null;
        }
        try {
            return new SpringSynchronizations(callback, manager.getMethod("isSynchronizationActive"),
                    manager.getMethod("registerSynchronization", callback));
        } catch (NoSuchMethodException | LinkageError | SecurityException e) {
            return null;
        }
    }

    /** Whether the current thread runs in a Spring transaction scope. */
    boolean active() {
        try {
            return Boolean.TRUE.equals(isActive.invoke(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Called from another synchronization's {@code afterCommit} (a
     * {@code @TransactionalEventListener}, say), Spring still takes the callback but never runs
     * it: the transaction has committed already, so the eviction made at the return is the one
     * that counts, and a write-through's entry is simply not stored (a miss, not an old value).
     */
    @Override
    public boolean afterCompletion(Completion completion) {
        try {
            register.invoke(null, CompletionCallback.of(callbackType, STATUS_COMMITTED, completion));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // IllegalStateException: synchronization ended between our check and now.
            return false;
        }
    }

    @Override
    public String toString() {
        return "Spring transaction";
    }
}
