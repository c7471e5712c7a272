package io.cachet.agent.cache;

import io.cachet.agent.codec.MethodCodec;
import java.util.concurrent.ThreadLocalRandom;

/** When a hit should be reloaded in the background, and when it is too old to serve at all. */
final class Freshness {

    private Freshness() {
    }

    /**
     * Whether a hit should be reloaded in the background: it is past its TTL, inside the
     * stale-while-revalidate window; or XFetch (Vattani et al., VLDB 2015) says so, with
     * probability exp(-remaining / (beta * computeTime)), so hot keys are refreshed before they
     * expire and no herd forms.
     */
    static boolean dueForRefresh(CachedMethod m, byte[] bytes) {
        long age = System.currentTimeMillis() - MethodCodec.loadTimeMillis(bytes);
        if (m.staleWhileRevalidateMillis() > 0 && age > m.ttlMillis()) {
            return true;
        }
        double beta = m.earlyRefreshBeta();
        if (beta <= 0) {
            return false;
        }
        double computeMillis = Math.max(1, MethodCodec.computeMicros(bytes) / 1000.0);
        double remaining = m.ttlMillis() - age;
        return -computeMillis * beta * Math.log(ThreadLocalRandom.current().nextDouble()) >= remaining;
    }

    /**
     * Guarantee 3 with stale-while-revalidate: the server-side TTL (ttl + jitter + window) may
     * outlast ttl + window by the jitter; such an entry is too old to serve even stale.
     */
    static boolean pastStaleWindow(CachedMethod m, byte[] bytes) {
        return m.staleWhileRevalidateMillis() > 0
                && System.currentTimeMillis() - MethodCodec.loadTimeMillis(bytes) > m.ttlMillis() + m.staleWhileRevalidateMillis();
    }
}
