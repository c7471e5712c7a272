package io.cachet.agent.key;

import java.util.Arrays;

/**
 * The values of the version counters one entry depends on, in the order of its {@link Lookup}:
 * the cache's, the key's, then each tag's. An entry records them as they were when its load
 * started; it is current while they still are. Immutable.
 *
 * <p>A counter that is absent reads as 0; one that holds something other than a counter of ours
 * reads as {@link #FOREIGN}, which no recorded version equals.
 */
public final class Versions {

    /** What a counter key holding something that is not a counter of ours reads as. */
    public static final long FOREIGN = -1;

    private static final Versions NONE = new Versions(new long[0]);

    private final long[] values;

    private Versions(long[] values) {
        this.values = values;
    }

    /** @param values taken as they are; the caller must not change them afterwards */
    public static Versions of(long... values) {
        return values.length == 0 ? NONE : new Versions(values);
    }

    public int size() {
        return values.length;
    }

    public long get(int index) {
        return values[index];
    }

    /**
     * Whether an entry may be recorded under these versions: not while a counter holds a foreign
     * value, which would then match the entry for as long as it stays there.
     */
    public boolean recordable() {
        for (long v : values) {
            if (v == FOREIGN) {
                return false;
            }
        }
        return true;
    }

    /** These versions with the key's counter one higher: what a write-through's own bump makes current. */
    public Versions withKeyBumped() {
        long[] next = values.clone();
        next[Lookup.KEY_COUNTER]++;
        return new Versions(next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Versions && Arrays.equals(values, ((Versions) o).values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}
