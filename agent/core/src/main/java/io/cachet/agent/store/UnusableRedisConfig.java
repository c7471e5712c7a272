package io.cachet.agent.store;

/** A Redis configuration that can never connect as written (not a Redisson YAML): retrying cannot help. */
final class UnusableRedisConfig extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UnusableRedisConfig(String message, Throwable cause) {
        super(message, cause);
    }
}
