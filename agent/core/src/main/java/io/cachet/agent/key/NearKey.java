package io.cachet.agent.key;

import java.util.Arrays;
import java.util.UUID;

/**
 * The near cache's key for a call whose key is made of whole arguments that are all immutable
 * values: the method and the values themselves, compared with {@code equals}. A hit then needs
 * no key string: rendering one and hashing it was most of a near hit's cost (JFR profile of the
 * benchmarks' L1 case). Equal values render equal keys, so an entry found this way is the one
 * the rendered key names; values that render alike but are not equal ({@code 1} and {@code 1L})
 * just get entries of their own, invalidated by the same counters.
 */
public final class NearKey {

    private final Object method;
    private final Object[] values;
    private final int hash;

    private NearKey(Object method, Object[] values) {
        this.method = method;
        this.values = values;
        this.hash = 31 * System.identityHashCode(method) + Arrays.hashCode(values);
    }

    /**
     * @param method the cached method, compared by identity
     * @param args the call's arguments
     * @param keyArguments the arguments the key is made of, in order
     * @return the key, or {@code null} when an argument is not a value that can be held
     */
    public static NearKey of(Object method, Object[] args, int[] keyArguments) {
        Object[] values = new Object[keyArguments.length];
        for (int i = 0; i < values.length; i++) {
            Object v = args[keyArguments[i]];
            if (!isValue(v)) {
                return null;
            }
            values[i] = v;
        }
        return new NearKey(method, values);
    }

    /** Values whose {@code equals} is their rendered key's, and that nobody can change. */
    private static boolean isValue(Object v) {
        return v == null || v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || v instanceof Character || v instanceof Boolean || v instanceof Enum
                || v instanceof UUID;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NearKey)) {
            return false;
        }
        NearKey k = (NearKey) o;
        return k.method == method && Arrays.equals(k.values, values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
