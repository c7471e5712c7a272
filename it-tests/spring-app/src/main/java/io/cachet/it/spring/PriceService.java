package io.cachet.it.spring;

import io.cachet.it.tx.Hold;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writer's transactions, three ways a Spring application writes: a {@code @Transactional}
 * method around an {@code @Evicts} method (Spring's proxy commits after our instrumented method
 * has returned), the same with a {@code @WriteThrough}, and a {@link TransactionTemplate}. Each
 * holds the transaction open at its {@link Hold} and then commits, or rolls back when told to.
 */
public class PriceService {

    /** Thrown to make Spring roll a {@code @Transactional} method back. */
    static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back as the test asked", null, false, false);
        }
    }

    private final Prices prices;
    private final TransactionTemplate template;

    public PriceService(Prices prices, TransactionTemplate template) {
        this.prices = prices;
        this.template = template;
    }

    @Transactional
    public void update(int id, long value, Hold hold) {
        prices.set(id, value);
        holdThenEnd(hold);
    }

    @Transactional
    public void writeThrough(int id, long value, Hold hold) {
        prices.write(id, value);
        holdThenEnd(hold);
    }

    /** Inside a {@code @Transactional} method: waits at the hold, then lets Spring commit, or makes it roll back. */
    private static void holdThenEnd(Hold hold) {
        hold.evictedThenWait();
        if (hold.rollback()) {
            throw new RolledBack();
        }
    }

    public void updateWithTemplate(int id, long value, Hold hold) {
        template.executeWithoutResult(status -> {
            prices.set(id, value);
            hold.evictedThenWait();
            if (hold.rollback()) {
                status.setRollbackOnly();
            }
        });
    }
}
