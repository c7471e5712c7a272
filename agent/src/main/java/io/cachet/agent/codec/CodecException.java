package io.cachet.agent.codec;

/** A value that cannot be encoded; its method then runs uncached. */
public final class CodecException extends RuntimeException {

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
