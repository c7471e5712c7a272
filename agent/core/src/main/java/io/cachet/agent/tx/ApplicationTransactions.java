package io.cachet.agent.tx;

import io.cachet.agent.log.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transactions an application runs, seen through the class loader of the method that
 * evicts: Spring's synchronization first (it also covers JTA run through Spring), then a JTA
 * registry. What a loader has is found once per calling class and kept in a {@link ClassValue}:
 * held by that class itself, so it never keeps a class loader alive, and found again for a
 * class of a redeployed application. A loader with neither API costs one {@code ClassValue}
 * read and two null checks per eviction; nothing of either API is ever loaded for it.
 */
public final class ApplicationTransactions implements Transactions {

    private static final AtomicBoolean SPRING_REPORTED = new AtomicBoolean();
    private static final AtomicBoolean JTA_REPORTED = new AtomicBoolean();

    /** What one loader offers; {@link #NONE} when it is neither. */
    private static final class Apis {
        static final Apis NONE = new Apis(null, null);

        final SpringSynchronizations spring;
        final JtaSynchronizations jta;

        Apis(SpringSynchronizations spring, JtaSynchronizations jta) {
            this.spring = spring;
            this.jta = jta;
        }

        static Apis of(ClassLoader loader) {
            if (loader == null) {
                return NONE; // JDK classes run no application transactions
            }
            SpringSynchronizations spring = SpringSynchronizations.in(loader);
            JtaSynchronizations jta = JtaSynchronizations.in(loader);
            return spring == null && jta == null ? NONE : new Apis(spring, jta);
        }
    }

    private final ClassValue<Apis> apis = new ClassValue<>() {
        @Override
        protected Apis computeValue(Class<?> type) {
            return Apis.of(type.getClassLoader());
        }
    };

    @Override
    public OpenTransaction current(Class<?> caller) {
        if (caller == null) {
            return null;
        }
        Apis a = apis.get(caller);
        if (a.spring != null && a.spring.active()) {
            reportOnce(SPRING_REPORTED, "Spring");
            return a.spring;
        }
        OpenTransaction jta = a.jta == null ? null : a.jta.current();
        if (jta != null) {
            reportOnce(JTA_REPORTED, "JTA (" + JtaSynchronizations.JNDI_NAME + ")");
        }
        return jta;
    }

    private static void reportOnce(AtomicBoolean reported, String kind) {
        if (!reported.get() && reported.compareAndSet(false, true)) {
            AgentLog.info("evictions inside " + kind + " transactions are applied at the method's return and again after "
                    + "the transaction completes");
        }
    }
}
