package io.cachet.agent.store;

import java.util.List;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisTimeoutException;

/** Redis errors: as one short log phrase, and whether they are a fault of the connection or of one call. */
final class RedisFaults {

    private static final String CHANNEL_DETAILS = " channel: [";
    /** The most of a Redis error's message a log line carries. */
    private static final int MAX_MESSAGE = 200;
    /**
     * Error replies about the command or its data ({@code ERR value is not an integer},
     * {@code WRONGTYPE}, a missing permission, a script): Redis answered, the connection works.
     */
    private static final List<String> DATA_ERRORS = List.of("ERR ", "WRONGTYPE ", "NOPERM ", "EXECABORT ", "NOSCRIPT ");
    /** ERR replies that say the server cannot serve this client at all. */
    private static final String TOO_MANY_CLIENTS = "ERR max number of clients";

    private RedisFaults() {
    }

    /**
     * Whether {@code t} is Redis's answer to one call rather than a fault of the connection or
     * the server: an error about the command or its data, or a write Redis refuses (out of
     * memory under {@code noeviction}, a read-only replica) while reads still work. Such an error
     * must not open the circuit: it would stop every method's reads for one call's failure.
     */
    static boolean isAnswer(Throwable t) {
        Throwable c = root(t);
        if (c instanceof RedisOutOfMemoryException || c instanceof RedisReadonlyException || c instanceof RedisNoScriptException) {
            return true;
        }
        if (c.getClass() != RedisException.class || c.getMessage() == null || c.getMessage().startsWith(TOO_MANY_CLIENTS)) {
            return false; // timeouts, lost connections, LOADING, BUSY, CLUSTERDOWN... are all subclasses
        }
        String message = c.getMessage();
        return DATA_ERRORS.stream().anyMatch(message::startsWith);
    }

    /** Whether {@code t} is a call's timeout (Redisson's own, or ours). */
    static boolean isTimeout(Throwable t) {
        Throwable c = root(t);
        return c instanceof RedisTimeoutException || c instanceof java.util.concurrent.TimeoutException;
    }

    /**
     * Whether a call failed because its reply was of another command's type (a status where an
     * array belongs, an array where a number does): Redisson read another command's reply for it,
     * so the connection's replies are out of step with its commands.
     */
    static boolean outOfStep(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ClassCastException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** The root cause's type and message, without what Redisson appends for its own debugging. */
    static String describe(Throwable t) {
        Throwable c = root(t);
        String message = c.getMessage();
        if (message != null && message.contains(CHANNEL_DETAILS)) {
            // Redisson appends the Netty channel and the command to its errors; a log line needs neither.
            message = message.substring(0, message.indexOf(CHANNEL_DETAILS));
        }
        return c.getClass().getSimpleName() + (message == null ? "" : ": " + printable(message));
    }

    /**
     * A message's first line, printable and short: a decoder's error quotes the reply it could
     * not parse ("Can't decode replay: *4..."), cached values included, binary and over many lines.
     */
    private static String printable(String message) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE; i++) {
            char ch = message.charAt(i);
            if (ch == '\r' || ch == '\n') {
                break;
            }
            out.append(Character.isISOControl(ch) || ch == '\uFFFD' ? '?' : ch);
        }
        return out.length() < message.length() ? out.toString().strip() + "..." : out.toString();
    }
}
