package io.cachet.agent.reactive;

/**
 * What the lookup made at a subscription answered: a hit (its value; {@code null} for an empty
 * {@code Mono}), an error the subscription ends with (a shared load's), a load to fill from the
 * original publisher, or nothing: subscribe to the original uncached.
 */
public final class Answer {

    private static final Answer UNCACHED = new Answer(false, null, null, null);

    final boolean hit;
    final Object value;
    final Throwable error;
    final Fill fill;

    private Answer(boolean hit, Object value, Throwable error, Fill fill) {
        this.hit = hit;
        this.value = value;
        this.error = error;
        this.fill = fill;
    }

    public static Answer hit(Object value) {
        return new Answer(true, value, null, null);
    }

    public static Answer error(Throwable error) {
        return new Answer(false, null, error, null);
    }

    public static Answer load(Fill fill) {
        return new Answer(false, null, null, fill);
    }

    public static Answer uncached() {
        return UNCACHED;
    }

    /** The load a miss is to fill, or {@code null}. */
    public Fill fill() {
        return fill;
    }
}
