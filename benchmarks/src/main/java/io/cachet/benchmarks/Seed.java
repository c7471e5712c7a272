package io.cachet.benchmarks;

/**
 * Run with the agent before the benchmarks: stores product(1) through Cachet, so the raw
 * Redisson baseline reads exactly the bytes Cachet reads.
 */
public final class Seed {

    public static final String ENTRY = "cachet:Catalog.product:1";

    private Seed() {
    }

    public static void main(String[] args) throws InterruptedException {
        Catalog catalog = new Catalog();
        for (int i = 0; i < 200 && !cached(catalog); i++) {
            Thread.sleep(50);
        }
        System.out.println(cached(catalog) ? "seeded " + ENTRY : "could not seed: is the agent attached and Redis up?");
    }

    /** Whether product(1) is served from the cache: a hit is a decoded copy, never the pre-built instance. */
    static boolean cached(Catalog catalog) {
        return !catalog.isPrebuilt(catalog.product(1));
    }

    /** Whether both near-cache methods serve product 1 from a cache, as {@link #cached} tells it. */
    static boolean nearCached(Catalog catalog) {
        return !catalog.isPrebuilt(catalog.nearProduct(1)) && !catalog.isPrebuilt(catalog.nearUnmodifiableProduct(1));
    }
}
