package io.cachet.agent.codec;

/**
 * A value that cannot be stored, with why and what would make it storable ({@link CodecAdvice}).
 * Most faults repeat on every call and stop caching the method; an uninitialised lazy
 * association depends on the call ({@link #perCall}) and leaves only that call uncached.
 */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remedy;
    private final boolean perCall;

    public CodecException(String message, Throwable cause) {
        this(message, null, false, cause);
    }

    CodecException(String reason, String remedy, boolean perCall, Throwable cause) {
        super(reason, cause);
        this.remedy = remedy;
        this.perCall = perCall;
    }

    /** What makes the result storable; {@code null} when nothing known does. */
    public String remedy() {
        return remedy;
    }

    /** Whether only this call's result is refused (another call's may be stored). */
    public boolean perCall() {
        return perCall;
    }

    /** The reason and the remedy, for a log line. */
    public String explained() {
        return remedy == null ? getMessage() : getMessage() + "; " + remedy;
    }
}
