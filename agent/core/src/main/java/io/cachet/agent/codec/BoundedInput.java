package io.cachet.agent.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * Kryo's input over a whole entry, where every length read is a claim checked against the bytes
 * actually present before anything is allocated for it: a string needs at least a byte a
 * character, an array at least a byte an element. Kryo allocates what a length says first, so a
 * few dozen forged bytes claiming 2^31 characters would otherwise ask for a 4 GiB array, ending a
 * JVM run with {@code -XX:+ExitOnOutOfMemoryError}. Collections are bounded the same way by
 * {@link BoundedSizes}.
 */
final class BoundedInput extends Input {

    /** Characters kept for the next string: beyond this, what one large string grew is let go. */
    private static final int KEPT_CHARS = 16 * 1024;

    /** Fails unless {@code count} items of at least one byte each fit in what is left. */
    static void claim(Input input, long count) {
        if (count < 0 || count > input.limit() - input.position()) {
            throw new KryoException("a length of " + count + " where " + (input.limit() - input.position())
                    + " bytes are left: corrupt or forged bytes");
        }
    }

    @Override
    public String readString() {
        claimString();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        claimString();
        return super.readStringBuilder();
    }

    /** Reads a string's length as Kryo will, checks it, and goes back for Kryo to read it again. */
    private void claimString() {
        int start = position;
        if (!readVarIntFlag()) {
            return; // ASCII: its end is marked in the bytes themselves
        }
        long chars = readVarIntFlag(true) - 1L;
        position = start;
        if (chars > 0) { // -1 is null, 0 empty
            claim(this, chars);
        }
    }

    @Override
    public byte[] readBytes(int length) {
        claim(this, length);
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        claim(this, length);
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        claim(this, length);
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        claim(this, length);
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        claim(this, length);
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        claim(this, length);
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        claim(this, length);
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        claim(this, length);
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        claim(this, length);
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        claim(this, length);
        return super.readBooleans(length);
    }

    /** Whether it holds no more than a pooled input should keep between decodes. */
    boolean small() {
        return chars.length <= KEPT_CHARS;
    }
}
