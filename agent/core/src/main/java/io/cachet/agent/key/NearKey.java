package io.cachet.agent.key;

import java.util.Arrays;
import java.util.UUID;

/**
 * What the near cache finds a call by when its key is made of whole arguments that are all
 * immutable values: the values themselves, compared with {@code equals}; the argument itself
 * when there is one, so that a hit builds nothing. A hit then needs no key string: rendering one
 * and hashing it was most of a near hit's cost (JFR profile of the benchmarks' L1 case). Equal
 * values render equal keys, so an entry found this way is the one the rendered key names; values
 * that render alike but are not equal ({@code 1} and {@code 1L}) just get entries of their own,
 * invalidated by the same counters. Such a key tells calls of one method apart, not methods: the
 * near cache keeps each method's in a partition of its own.
 */
public final class NearKey {

    /** The key of a one-argument call whose argument is {@code null}, which a map cannot hold as a key. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final Object[] values;
    private final int hash;

    private NearKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.hashCode(values);
    }

    /**
     * @param args the call's arguments
     * @param keyArguments the arguments the key is made of, in order
     * @return the key: the one argument, {@link #NULL} for a {@code null} one, or a key of several;
     *     or {@code null} when an argument is not a value that can be held
     */
    public static Object of(Object[] args, int[] keyArguments) {
        if (keyArguments.length == 1) {
            return single(args[keyArguments[0]]);
        }
        Object[] values = new Object[keyArguments.length];
        for (int i = 0; i < values.length; i++) {
            Object v = args[keyArguments[i]];
            if (v != null && !isValue(v)) {
                return null;
            }
            values[i] = v;
        }
        return new NearKey(values);
    }

    /** {@link #of} for a call of a method of one parameter, from its argument: no array is built unless the key has no argument. */
    public static Object ofSingle(Object argument, int[] keyArguments) {
        return keyArguments.length == 1 ? single(argument) : of(new Object[] {argument}, keyArguments);
    }

    private static Object single(Object v) {
        return v == null ? NULL : isValue(v) ? v : null;
    }

    /** Values whose {@code equals} is their rendered key's, and that nobody can change. */
    private static boolean isValue(Object v) {
        return v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || v instanceof Character || v instanceof Boolean || v instanceof Enum
                || v instanceof UUID;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NearKey && Arrays.equals(((NearKey) o).values, values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
