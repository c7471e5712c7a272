package io.cachet.agent.store;

/** A store call that failed or ran out of time; the caller fails open. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        // No stack trace: on a Redis outage this is thrown on every call, and it is never shown.
        super(message, cause, false, false);
    }
}
