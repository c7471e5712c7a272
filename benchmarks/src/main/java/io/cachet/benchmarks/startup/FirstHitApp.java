package io.cachet.benchmarks.startup;

import io.cachet.annotations.Cached;

/**
 * A user's first try: a {@code main} that calls a cached method twice the moment it starts. It
 * prints {@code main} when {@code main} is entered and, after the second call, {@code hit} when
 * that call was served from the cache ({@code not cached} otherwise, which the start-up benchmark
 * counts as a failed run rather than a fast one). Its own class holds the cached method, so the
 * agent must have woven it before {@code main} can run.
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
        System.out.println(secondCall(args));
    }

    /**
     * Calls {@link #find} twice with the key {@code args} give ({@code k} by default) and says
     * how the second call went: {@code hit} when it was served from the cache, else {@code not cached}.
     */
    static String secondCall(String[] args) {
        String key = args.length > 0 ? args[0] : "k";
        int before = runs;
        find(key);
        find(key);
        return runs - before == 1 ? "hit" : "not cached";
    }
}
