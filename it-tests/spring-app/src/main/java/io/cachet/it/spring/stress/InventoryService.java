package io.cachet.it.spring.stress;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consistency test's transactional writer: each update runs in a {@code @Transactional}
 * method that goes on working for up to 20 ms after the invalidating method has returned, so
 * the transaction commits well after the eviction reached Redis.
 */
public class InventoryService {

    private final Inventory inventory;

    public InventoryService(Inventory inventory) {
        this.inventory = inventory;
    }

    @Transactional
    public long bump(int id, boolean writeThrough) throws InterruptedException {
        long v = writeThrough ? inventory.bumpThrough(id) : inventory.bump(id);
        // The rest of the transaction's work (the workload, not a wait for anything).
        Thread.sleep(ThreadLocalRandom.current().nextInt(21));
        return v;
    }
}
