package io.cachet.agent.store;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The right to load one entry for the whole cluster ({@code SET NX PX} on its lease key with a
 * token of this JVM's own), so that concurrent misses in many JVMs run the method once. Only the
 * holder of the token can release it; a holder that dies loses it when it expires.
 */
public final class Lease {

    /** Random, so that no two JVMs' tokens meet; drawn once, since a draw per miss is a lock on the JVM's SecureRandom. */
    private static final String JVM_TOKEN = UUID.randomUUID().toString();
    private static final AtomicLong ISSUED = new AtomicLong();

    public final String key;
    public final String token;
    /** When it expires in Redis, by {@link System#nanoTime()}, once taken. */
    private volatile long expiresAtNanos = Long.MAX_VALUE;
    /** Whether the SET that takes it went unanswered: it may hold in Redis without this JVM knowing. */
    private volatile boolean unanswered;

    private Lease(String key, String token) {
        this.key = key;
        this.token = token;
    }

    /** A lease on {@code key} with a fresh token, not taken yet. */
    public static Lease on(String key) {
        return new Lease(key, JVM_TOKEN + ':' + Long.toString(ISSUED.incrementAndGet(), 36));
    }

    /** Notes that it was taken for {@code leaseMillis} from now; the first note stands. */
    void taken(long leaseMillis) {
        if (expiresAtNanos == Long.MAX_VALUE) {
            expiresAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        }
    }

    /** Whether this JVM took it: its SET was answered yes (it may have been released or expired since). */
    public boolean takenHere() {
        return expiresAtNanos != Long.MAX_VALUE && !unanswered;
    }

    /**
     * Notes that the SET taking it got no answer in time: it may still reach Redis (a slow link
     * delivers it after the timeout) and hold the key for {@code leaseMillis}, so it is released
     * like a lease taken, and again until it expires, since the release may arrive first.
     */
    void unanswered(long leaseMillis) {
        unanswered = true;
        taken(leaseMillis);
    }

    boolean unanswered() {
        return unanswered;
    }

    /** Whether it has expired in Redis by now: nobody waits for it any more. */
    boolean expired() {
        return expiresAtNanos != Long.MAX_VALUE && System.nanoTime() - expiresAtNanos >= 0;
    }

    @Override
    public String toString() {
        return key;
    }
}
