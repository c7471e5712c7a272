package io.cachet.agent.runtime;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * A Caffeine expiry where each value says how long it lives: set when it is written, untouched
 * when it is read (a read never extends what Redis would not).
 *
 * @param <K> keys
 * @param <V> values
 */
public final class VariableExpiry<K, V> implements Expiry<K, V> {

    /** How long a value has left, in nanoseconds, at {@code nowNanos} (Caffeine's ticker). */
    public interface Lifetime<V> {
        long nanosLeft(V value, long nowNanos);
    }

    private final Lifetime<V> lifetime;

    public VariableExpiry(Lifetime<V> lifetime) {
        this.lifetime = lifetime;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
        return lifetime.nanosLeft(value, currentTime);
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return lifetime.nanosLeft(value, currentTime);
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
