package io.cachet.it.support;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * One connection's rewrite of the first whole reply it carries while a reply-level mode of
 * {@link FaultProxy} is on (drop it; swap it for another connection's). Bytes are held until
 * that reply is complete ({@link RespFrames}); everything after it goes through as it came,
 * so the stream stays well formed.
 */
final class FirstReply {

    private final UnaryOperator<byte[]> rewrite;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean done;

    /** @param rewrite what the first reply becomes (an empty array drops it) */
    FirstReply(UnaryOperator<byte[]> rewrite) {
        this.rewrite = rewrite;
    }

    /** A rewrite that has already happened: passes everything through. */
    static FirstReply none() {
        FirstReply f = new FirstReply(UnaryOperator.identity());
        f.done = true;
        return f;
    }

    /** The bytes to forward for {@code buf[0, n)}. */
    byte[] apply(byte[] buf, int n) {
        if (done) {
            return Arrays.copyOf(buf, n);
        }
        held.write(buf, 0, n);
        byte[] all = held.toByteArray();
        int end = RespFrames.end(all, 0, all.length);
        if (end < 0) {
            return new byte[0]; // the first reply is not complete yet
        }
        done = true;
        held.reset();
        byte[] first = rewrite.apply(Arrays.copyOf(all, end));
        byte[] out = Arrays.copyOf(first, first.length + all.length - end);
        System.arraycopy(all, end, out, first.length, all.length - end);
        return out;
    }

    /** Whether part of the first reply is held back, waiting for the rest. */
    boolean holding() {
        return held.size() > 0;
    }

    /** What was held back, unchanged, when the mode ends before the reply is complete. */
    byte[] release() {
        byte[] out = held.toByteArray();
        held.reset();
        done = true;
        return out;
    }
}
