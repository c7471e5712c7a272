package io.cachet.it.spring;

import io.cachet.it.tx.Hold;
import io.cachet.it.tx.TxApp;
import java.util.function.IntToLongFunction;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The Spring application of the transaction tests, speaking {@link TxApp}'s commands. Its
 * transactions: {@code transactional} (a {@code @Transactional} method around an
 * {@code @Evicts} method), {@code template} (the same in a {@code TransactionTemplate}) and
 * {@code write-through} (a {@code @Transactional} method around a {@code @WriteThrough} method).
 * Its reads: {@code price} (Redis only) and {@code nearPrice} (with a near cache).
 *
 * <p>System property {@code app.jdbc.url}: the shared database.
 */
public final class SpringApp extends TxApp {

    private final Prices prices;
    private final PriceService service;

    private SpringApp(AnnotationConfigApplicationContext context) {
        this.prices = context.getBean(Prices.class);
        this.service = context.getBean(PriceService.class);
    }

    public static void main(String[] args) throws Exception {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(SpringConfig.class)) {
            new SpringApp(context).serve();
        }
    }

    @Override
    protected Runnable transaction(String how, int id, long value, Hold hold) {
        switch (how) {
            case "transactional":
                return () -> rolledBackAsAsked(() -> service.update(id, value, hold));
            case "template":
                return () -> service.updateWithTemplate(id, value, hold);
            case "write-through":
                return () -> rolledBackAsAsked(() -> service.writeThrough(id, value, hold));
            default:
                throw new IllegalArgumentException("unknown transaction " + how);
        }
    }

    private static void rolledBackAsAsked(Runnable tx) {
        try {
            tx.run();
        } catch (PriceService.RolledBack expected) {
            // Spring has rolled the transaction back by now
        }
    }

    @Override
    protected IntToLongFunction read(String method) {
        switch (method) {
            case "price":
                return prices::price;
            case "nearPrice":
                return prices::nearPrice;
            default:
                throw new IllegalArgumentException("unknown read " + method);
        }
    }

    @Override
    protected int loads() {
        return prices.loads.get();
    }

    @Override
    protected int loadsOnThisThread() {
        return Prices.loadsOnThisThread();
    }
}
