package io.cachet.it.apps;

import io.cachet.annotations.Cached;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Cached methods for the operator features: statistics, the status page, the command line and
 * shadow mode. {@link #TABLE} is a mutable "database" a test can change under a cached method.
 */
public class Ops {

    static final Map<Long, String> TABLE = new ConcurrentHashMap<>();
    private static final AtomicLong TICKS = new AtomicLong();

    /** A value with no equals of its own: shadow mode must compare it field by field. */
    public static final class Quote {
        final long id;
        final String text;
        final int[] digits;

        Quote(long id, String text) {
            this.id = id;
            this.text = text;
            this.digits = new int[] {(int) id % 10, text.length()};
        }

        @Override
        public String toString() {
            return "Quote(" + id + ", " + text + ")";
        }
    }

    @Cached(ttl = "1m", tags = {"ops:{0}"})
    public String price(long id) {
        return "price-" + id + "#" + Counters.inc("ops.price");
    }

    /** Takes at least 20 ms: its load times are known from below. */
    @Cached(ttl = "1m")
    public String slow(long id) throws InterruptedException {
        Counters.inc("ops.slow");
        Thread.sleep(20);
        return "slow-" + id;
    }

    @Cached(ttl = "1m", mode = "shadow")
    public Quote pureQuote(long id) {
        Counters.inc("ops.pureQuote");
        return new Quote(id, "quote-" + id);
    }

    /** Reads a table a test changes: caching it would serve old rows. */
    @Cached(ttl = "1m", mode = "shadow")
    public Quote tableQuote(long id) {
        Counters.inc("ops.tableQuote");
        return new Quote(id, TABLE.getOrDefault(id, "none"));
    }

    /** Reads a clock: every call answers differently. */
    @Cached(ttl = "1m", mode = "shadow")
    public long clock(long id) {
        return TICKS.incrementAndGet();
    }

    /** Reads the same clock, but only half of its calls are verified. */
    @Cached(ttl = "1m", mode = "verify-sample", verifyRate = 0.5)
    public long sampledClock(long id) {
        Counters.inc("ops.sampledClock");
        return TICKS.incrementAndGet();
    }

    static void register(Map<String, Function<String, Object>> m) {
        Ops ops = new Ops();
        m.put("ops.price", a -> ops.price(Long.parseLong(a)));
        m.put("ops.slow", a -> {
            try {
                return ops.slow(Long.parseLong(a));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        m.put("ops.pureQuote", a -> ops.pureQuote(Long.parseLong(a)));
        m.put("ops.tableQuote", a -> ops.tableQuote(Long.parseLong(a)));
        m.put("ops.setRow", a -> {
            String[] p = a.split(" ", 2);
            TABLE.put(Long.parseLong(p[0]), p[1]);
            return "set";
        });
        m.put("ops.clock", a -> ops.clock(Long.parseLong(a)));
        m.put("ops.sampledClock", a -> ops.sampledClock(Long.parseLong(a)));
    }
}
