package io.cachet.agent.cache;

import io.cachet.agent.key.KeyTemplate;
import java.util.List;

/**
 * An {@code @Evicts} / {@code @WriteThrough} method, resolved when it is instrumented: what it
 * invalidates, with templates already checked against its parameters. Names only, no classes.
 */
public final class InvalidatingMethod {

    /** One {@code @Evicts} occurrence. */
    public static final class Eviction {
        final List<KeyTemplate> tags;
        final String cacheName;
        final KeyTemplate key;
        final boolean allEntries;
        final boolean beforeInvocation;

        private Eviction(List<KeyTemplate> tags, String cacheName, KeyTemplate key, boolean allEntries, boolean beforeInvocation) {
            this.tags = List.copyOf(tags);
            this.cacheName = cacheName;
            this.key = key;
            this.allEntries = allEntries;
            this.beforeInvocation = beforeInvocation;
        }

        public static Eviction ofTags(List<KeyTemplate> tags, boolean beforeInvocation) {
            return new Eviction(tags, null, null, false, beforeInvocation);
        }

        public static Eviction ofKey(String cacheName, KeyTemplate key, boolean beforeInvocation) {
            return new Eviction(List.of(), cacheName, key, false, beforeInvocation);
        }

        public static Eviction ofCache(String cacheName, boolean beforeInvocation) {
            return new Eviction(List.of(), cacheName, null, true, beforeInvocation);
        }
    }

    /** The {@code @WriteThrough}: which entry the return value becomes. */
    public static final class WriteThrough {
        final String cacheName;
        final KeyTemplate key;

        public WriteThrough(String cacheName, KeyTemplate key) {
            this.cacheName = cacheName;
            this.key = key;
        }
    }

    private final String displayName;
    private final List<Eviction> evictions;
    private final WriteThrough writeThrough;

    /** @param writeThrough {@code null} when the method only evicts */
    public InvalidatingMethod(String displayName, List<Eviction> evictions, WriteThrough writeThrough) {
        this.displayName = displayName;
        this.evictions = List.copyOf(evictions);
        this.writeThrough = writeThrough;
    }

    String displayName() {
        return displayName;
    }

    List<Eviction> evictions() {
        return evictions;
    }

    WriteThrough writeThrough() {
        return writeThrough;
    }
}
