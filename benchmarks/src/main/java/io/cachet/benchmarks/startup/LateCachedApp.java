package io.cachet.benchmarks.startup;

/**
 * {@link FirstHitApp}'s calls from a {@code main} class that has no cached method, as most
 * applications' (a Spring Boot application class, a CLI's entry point): {@code main} need not wait
 * for any weaving, and the class with the cached method loads at its first call.
 */
public final class LateCachedApp {

    private LateCachedApp() {
    }

    public static void main(String[] args) {
        System.out.println("main");
        System.out.println(FirstHitApp.secondCall(args));
    }
}
