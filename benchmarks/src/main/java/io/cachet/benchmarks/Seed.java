package io.cachet.benchmarks;

/**
 * Run with the agent before the benchmarks: stores product 1 to {@link #KEYS} through Cachet, so
 * the raw Redisson baseline reads exactly the bytes Cachet reads.
 */
public final class Seed {

    /** Products 1..KEYS are stored: one per thread for the throughput cases over distinct keys. */
    static final int KEYS = 32;
    public static final String ENTRY = entry(1);

    private Seed() {
    }

    public static void main(String[] args) throws InterruptedException {
        Catalog catalog = new Catalog();
        for (int i = 0; i < 200 && !cached(catalog); i++) {
            Thread.sleep(50);
        }
        boolean all = true;
        for (long id = 1; id <= KEYS; id++) {
            long p = id;
            catalog.product(p);
            all &= servedFromCache(catalog, () -> catalog.product(p));
        }
        System.out.println(all ? "seeded " + entry(1) + " to " + entry(KEYS) : "could not seed: is the agent attached and Redis up?");
    }

    public static String entry(long id) {
        return "cachet:Catalog.product:" + id;
    }

    /** Whether product(1) is served from the cache (stored by an earlier call when it is not). */
    public static boolean cached(Catalog catalog) {
        return servedFromCache(catalog, () -> catalog.product(1));
    }

    /** Whether both near-cache methods serve product 1 from a cache, as {@link #cached} tells it. */
    public static boolean nearCached(Catalog catalog) {
        return servedFromCache(catalog, () -> catalog.nearProduct(1))
                && servedFromCache(catalog, () -> catalog.nearUnmodifiableProduct(1));
    }

    private static boolean servedFromCache(Catalog catalog, Runnable call) {
        long before = catalog.loads();
        call.run();
        return catalog.loads() == before;
    }
}
