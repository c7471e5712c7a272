package io.cachet.agent.tx;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Jakarta Transactions (or the older {@code javax.transaction}), as one class loader sees it:
 * the {@code TransactionSynchronizationRegistry} that Jakarta EE binds at
 * {@code java:comp/TransactionSynchronizationRegistry} (a container, or a standalone
 * transaction manager whose set-up binds it there) tells whether the current thread has an
 * active transaction and runs an interposed {@code Synchronization} after it completes.
 * Called reflectively: the agent has neither API on its class path.
 *
 * <p>The registry is looked up the first time it is needed and kept; while there is none (no
 * JNDI, nothing bound) the lookup is tried again at most every {@link #RETRY_NANOS}, so an
 * application whose JNDI is set up after its first eviction is still seen, and one without
 * JNDI pays for a failed lookup that rarely.
 */
final class JtaSynchronizations {

    static final String JNDI_NAME = "java:comp/TransactionSynchronizationRegistry";
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String[] PACKAGES = {"jakarta.transaction", "javax.transaction"};
    /** {@code Status.STATUS_ACTIVE}, {@code STATUS_MARKED_ROLLBACK} and {@code STATUS_COMMITTED}. */
    private static final int ACTIVE = 0;
    private static final int MARKED_ROLLBACK = 1;
    private static final int COMMITTED = 3;

    private final Class<?> registryType;
    private final Class<?> callbackType;
    private final Method status;
    private final Method register;
    private volatile Object registry;
    private volatile long nextLookup;

    private JtaSynchronizations(Class<?> registryType, Class<?> callbackType, Method status, Method register) {
        this.registryType = registryType;
        this.callbackType = callbackType;
        this.status = status;
        this.register = register;
        this.nextLookup = System.nanoTime();
    }

    /** The JTA API as {@code loader} sees it, or {@code null} when it has none. */
    static JtaSynchronizations in(ClassLoader loader) {
        for (String pkg : PACKAGES) {
            Class<?> registry = ClassLookup.find(pkg + ".TransactionSynchronizationRegistry", loader);
            Class<?> callback = registry == null ? null : ClassLookup.find(pkg + ".Synchronization", loader);
            if (callback != null) {
                try {
                    return new JtaSynchronizations(registry, callback, registry.getMethod("getTransactionStatus"),
                            registry.getMethod("registerInterposedSynchronization", callback));
                } catch (NoSuchMethodException | LinkageError | SecurityException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The current thread's active transaction, or {@code null}. */
    OpenTransaction current() {
        Object r = registry();
        if (r == null) {
            return null;
        }
        try {
            Object s = status.invoke(r);
            if (s instanceof Integer && ((Integer) s == ACTIVE || (Integer) s == MARKED_ROLLBACK)) {
                return completion -> register(r, completion);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no transaction we can use
        }
        return null;
    }

    private boolean register(Object r, Completion completion) {
        try {
            register.invoke(r, CompletionCallback.of(callbackType, COMMITTED, completion));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // IllegalStateException: the transaction is no longer active (already preparing).
            return false;
        }
    }

    private Object registry() {
        Object r = registry;
        if (r != null || System.nanoTime() - nextLookup < 0) {
            return r;
        }
        nextLookup = System.nanoTime() + RETRY_NANOS;
        r = lookUp();
        registry = r;
        return r;
    }

    /** On the application's thread, so JNDI finds the context factory its context loader sees. */
    private Object lookUp() {
        try {
            InitialContext context = new InitialContext();
            try {
                Object found = context.lookup(JNDI_NAME);
                return registryType.isInstance(found) ? found : null;
            } finally {
                context.close();
            }
        } catch (NamingException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
