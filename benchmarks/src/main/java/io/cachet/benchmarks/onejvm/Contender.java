package io.cachet.benchmarks.onejvm;


/**
 * One thing timed by {@link SideBySide}. A contender counts its own loads: the cached method's
 * body running, or a raw read finding nothing. The harness reads that count around every
 * measured batch, so a contender that misses where it should hit is caught, not timed.
 */
abstract class Contender {

    /** Remote contenders are timed call by call; local ones in batches (a call is a few ns). */
    enum Kind { REMOTE, LOCAL }

    final String id;
    final String what;
    final Kind kind;
    /** {@code true} for the diagnosis prototypes, reported in a table of their own. */
    final boolean prototype;

    Contender(String id, Kind kind, boolean prototype, String what) {
        this.id = id;
        this.what = what;
        this.kind = kind;
        this.prototype = prototype;
    }

    /** Loads so far: bodies run, or reads that found nothing. */
    abstract long loads();

    /** Loads each call must make: 0 for a hit; the miss path makes exactly 1. */
    long loadsPerCall() {
        return 0;
    }

    /**
     * The Cachet cache whose statistics (JMX) must account for every measured call in the tier
     * {@link #cachetTier}, or {@code null} for a contender that is not Cachet.
     */
    String cachetCache() {
        return null;
    }

    /** {@code HitsL1}, {@code HitsL2} or {@code Misses}. */
    String cachetTier() {
        return null;
    }

    void close() throws Exception {
    }

    /** A remote contender: one call, timed by the harness. */
    abstract static class Remote extends Contender {
        Remote(String id, boolean prototype, String what) {
            super(id, Kind.REMOTE, prototype, what);
        }

        abstract Object call() throws Exception;
    }

    /**
     * A local contender: each runs {@code n} calls in a loop of its own, so that the call inside
     * stays monomorphic and is inlined as in an application (one shared loop calling through an
     * interface would add a megamorphic call to every few-ns operation).
     */
    abstract static class Local extends Contender {
        Local(String id, boolean prototype, String what) {
            super(id, Kind.LOCAL, prototype, what);
        }

        /** @return the nanoseconds the {@code n} calls took */
        abstract long run(int n);
    }
}
