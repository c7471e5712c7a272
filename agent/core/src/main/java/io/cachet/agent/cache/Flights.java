package io.cachet.agent.cache;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The loads in flight in this JVM, one per entry key; callers of a key in flight follow it. */
final class Flights {

    private final ConcurrentHashMap<String, Flight> inFlight = new ConcurrentHashMap<>();

    /** @return the flight already loading {@code key}, or {@code null} when {@code mine} now leads it */
    Flight join(String key, Flight mine) {
        return inFlight.putIfAbsent(key, mine);
    }

    /** Ends a flight: its followers get {@code shared}, or run the method themselves on {@code null}. */
    void land(String key, Flight flight, Flight.Shared shared) {
        if (flight != null) {
            inFlight.remove(key, flight);
            flight.complete(shared == null ? Flight.NOT_SHARED : shared);
        }
    }

    /**
     * Ends a flight for its followers now, and leaves it joinable by later callers until
     * {@code stored} completes (the store has the entry the flight shares, or has failed).
     */
    void landBefore(String key, Flight flight, Flight.Shared shared, CompletionStage<Void> stored) {
        if (flight != null) {
            flight.complete(shared == null ? Flight.NOT_SHARED : shared);
            stored.whenComplete((ok, error) -> inFlight.remove(key, flight));
        }
    }

    /** Ends a flight with the load's exception, which each follower re-throws. */
    void fail(String key, Flight flight, Throwable thrown) {
        if (flight != null) {
            inFlight.remove(key, flight);
            flight.completeExceptionally(thrown);
        }
    }

    /**
     * Unhooks a flight a follower gave up on: a leader this late may never finish (its thread
     * died between enter and exit); the next caller leads instead of following it again.
     */
    void abandon(String key, Flight flight) {
        inFlight.remove(key, flight);
    }
}
