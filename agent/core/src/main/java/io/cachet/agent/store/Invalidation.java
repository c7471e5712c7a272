package io.cachet.agent.store;

import java.util.List;

/**
 * What one eviction changes in the store, in one round trip: version counters to bump (each then
 * lives for the invalidation retention) and entries to delete (so that their memory goes at
 * once; the bump alone already makes them stale).
 */
public final class Invalidation {

    public final List<String> bump;
    public final List<String> delete;

    public Invalidation(List<String> bump, List<String> delete) {
        this.bump = List.copyOf(bump);
        this.delete = List.copyOf(delete);
    }

    public static Invalidation bumping(String... counterKeys) {
        return new Invalidation(List.of(counterKeys), List.of());
    }

    public boolean isEmpty() {
        return bump.isEmpty();
    }

    @Override
    public String toString() {
        return "bump " + bump + (delete.isEmpty() ? "" : ", delete " + delete);
    }
}
