package io.cachet.agent.tx;

import io.cachet.agent.log.AgentLog;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A {@link Completion} dressed as the application's own callback interface (Spring's
 * {@code TransactionSynchronization}, JTA's {@code Synchronization}): a {@link Proxy} implementing
 * that interface, defined by the interface's own class loader, so the agent needs neither API on
 * its class path and defines no class of its own in the application.
 *
 * <p>Only {@code afterCompletion(int)} does anything. Every other method of the interface (they
 * are all callbacks with defaults or no-ops for us) returns its type's zero value, except
 * Spring's {@code getOrder()}: the lowest precedence, so that our eviction runs after the
 * application's own callbacks. Nothing here throws into the transaction manager.
 */
final class CompletionCallback implements InvocationHandler {

    /** Spring's {@code Ordered.LOWEST_PRECEDENCE}. */
    private static final int LOWEST_PRECEDENCE = Integer.MAX_VALUE;

    private final Completion completion;
    /** The status value of {@code afterCompletion(int)} that means "committed" in this API. */
    private final int committedStatus;

    private CompletionCallback(Completion completion, int committedStatus) {
        this.completion = completion;
        this.committedStatus = committedStatus;
    }

    /** An instance of {@code callbackType} that runs {@code completion} after completion. */
    static Object of(Class<?> callbackType, int committedStatus, Completion completion) {
        return Proxy.newProxyInstance(callbackType.getClassLoader(), new Class<?>[] {callbackType},
                new CompletionCallback(completion, committedStatus));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        String name = method.getName();
        int arity = args == null ? 0 : args.length;
        if (name.equals("afterCompletion") && arity == 1 && args[0] instanceof Integer) {
            try {
                completion.completed((Integer) args[0] == committedStatus);
            } catch (Throwable t) {
                // The transaction has completed; its outcome is the application's, not ours.
                AgentLog.warnOnce("tx-completion", "an eviction after a transaction's completion failed: " + t);
            }
            return null;
        }
        if (name.equals("equals") && arity == 1) {
            return proxy == args[0];
        }
        if (name.equals("hashCode") && arity == 0) {
            return System.identityHashCode(proxy);
        }
        if (name.equals("toString") && arity == 0) {
            return "Cachet: evict again after completion";
        }
        if (name.equals("getOrder") && arity == 0 && method.getReturnType() == int.class) {
            return LOWEST_PRECEDENCE;
        }
        return zeroOf(method.getReturnType());
    }

    private static Object zeroOf(Class<?> type) {
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
