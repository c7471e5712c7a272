package io.cachet.it.support;

/**
 * Finds where one whole RESP reply (RESP2 or RESP3) ends in a byte stream, so that
 * {@link FaultProxy} can drop exactly one reply and leave the stream well formed but shifted:
 * every later reply then answers the command before it, as in a client-side response mix-up.
 */
final class RespFrames {

    private RespFrames() {
    }

    /** The offset just past the reply starting at {@code from}, or -1 when {@code buf[from, to)} does not hold all of it. */
    static int end(byte[] buf, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int lineEnd = lineEnd(buf, from + 1, to);
        if (lineEnd < 0) {
            return -1;
        }
        int next = lineEnd + 2;
        switch (buf[from]) {
            case '$': case '!': case '=': {
                long n = number(buf, from + 1, lineEnd);
                if (n < 0) {
                    return next;
                }
                long end = next + n + 2;
                return end <= to ? (int) end : -1;
            }
            case '*': case '~': case '>':
                return elements(buf, next, to, number(buf, from + 1, lineEnd));
            case '%':
                return elements(buf, next, to, 2 * number(buf, from + 1, lineEnd));
            case '|': {
                // Attributes come before the reply they belong to.
                int afterAttributes = elements(buf, next, to, 2 * number(buf, from + 1, lineEnd));
                return afterAttributes < 0 ? -1 : end(buf, afterAttributes, to);
            }
            default:
                return next; // a one-line reply: + - : _ , # (
        }
    }

    private static int elements(byte[] buf, int at, int to, long count) {
        int pos = at;
        for (long i = 0; i < count; i++) {
            pos = end(buf, pos, to);
            if (pos < 0) {
                return -1;
            }
        }
        return pos;
    }

    /** Index of the CR of the line starting at {@code from}, or -1. */
    private static int lineEnd(byte[] buf, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long number(byte[] buf, int from, int to) {
        return Long.parseLong(new String(buf, from, to - from, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
