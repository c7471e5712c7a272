package io.cachet.benchmarks.startup;

import io.cachet.annotations.Cached;

/**
 * A user's first try: a {@code main} that calls a cached method twice the moment it starts. It
 * prints {@code main} when {@code main} is entered and, after the second call, {@code hit} when
 * that call was served from the cache ({@code not cached} otherwise, which the start-up benchmark
 * counts as a failed run rather than a fast one).
 */
public final class FirstHitApp {

    private static int runs;

    private FirstHitApp() {
    }

    @Cached(ttl = "1m")
    public static String find(String key) {
        runs++;
        return "value-of-" + key;
    }

    public static void main(String[] args) {
        System.out.println("main");
        String key = args.length > 0 ? args[0] : "k";
        find(key);
        find(key);
        System.out.println(runs == 1 ? "hit" : "not cached");
    }
}
