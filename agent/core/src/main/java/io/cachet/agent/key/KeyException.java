package io.cachet.agent.key;

/** An argument that cannot be turned into a deterministic key; the call then runs uncached. */
public final class KeyException extends RuntimeException {

    public KeyException(String message) {
        super(message, null, false, false);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
