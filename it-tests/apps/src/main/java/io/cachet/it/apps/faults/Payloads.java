package io.cachet.it.apps.faults;

import io.cachet.annotations.Cached;
import io.cachet.it.apps.Counters;
import java.util.Random;

/** Cached methods whose arguments or entries the fault tests make hostile. */
public class Payloads {

    /** Says what it was given: a hit for another argument shows as another type or value. */
    @Cached(ttl = "1m")
    public String kind(Object arg) {
        Counters.inc("payloads.kind");
        return arg.getClass().getSimpleName() + " " + arg;
    }

    /** {@code mb} MiB that LZ4 cannot shrink: an entry too large to read back within the timeout. */
    @Cached(ttl = "1m")
    public byte[] blob(int mb) {
        Counters.inc("payloads.blob");
        byte[] b = new byte[mb << 20];
        new Random(mb).nextBytes(b);
        return b;
    }

    /** Not ASCII, so Kryo writes the string's length before its characters. */
    @Cached(ttl = "1m")
    public String text(int k) {
        Counters.inc("payloads.text");
        return "t\u00e9xt-" + k;
    }

    /** Declared {@code Object}: the entry names the value's class, which decoding must resolve. */
    @Cached(ttl = "1m")
    public Object opaque(int k) {
        Counters.inc("payloads.opaque");
        return "opaque-" + k;
    }
}
