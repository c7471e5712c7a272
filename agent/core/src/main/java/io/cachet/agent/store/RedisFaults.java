package io.cachet.agent.store;

/** Redis errors as one short log phrase. */
final class RedisFaults {

    private static final String CHANNEL_DETAILS = " channel: [";

    private RedisFaults() {
    }

    /** The root cause's type and message, without what Redisson appends for its own debugging. */
    static String describe(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String message = c.getMessage();
        if (message != null && message.contains(CHANNEL_DETAILS)) {
            // Redisson appends the Netty channel and the command to its errors; a log line needs neither.
            message = message.substring(0, message.indexOf(CHANNEL_DETAILS));
        }
        return c.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
