package io.cachet.it.support;

import java.util.Random;

/**
 * The damage {@link FaultProxy} does to a chunk of reply bytes, from a seeded random source so
 * that a failing run can be repeated. Damage lands strictly inside the chunk, never on its
 * first byte: a reply whose type byte survives is the hard case, since a client cannot tell at
 * once that what follows is not what the server sent.
 */
final class ReplyDamage {

    private final Random random;

    ReplyDamage(long seed) {
        this.random = new Random(seed);
    }

    /** The chunk without a run of 1-4 bytes from inside it (a chunk of one byte is dropped whole). */
    synchronized byte[] dropInside(byte[] buf, int n) {
        if (n <= 2) {
            return new byte[0];
        }
        int run = 1 + random.nextInt(Math.min(4, n - 1));
        int at = 1 + random.nextInt(n - run);
        byte[] out = new byte[n - run];
        System.arraycopy(buf, 0, out, 0, at);
        System.arraycopy(buf, at + run, out, at, n - at - run);
        return out;
    }

    /** The chunk with one bit flipped, past its first byte when it has more than one. */
    synchronized byte[] flipBit(byte[] buf, int n) {
        byte[] out = java.util.Arrays.copyOf(buf, n);
        int at = n == 1 ? 0 : 1 + random.nextInt(n - 1);
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
    }
}
