package io.cachet.agent.reactive;

/**
 * The names of the application's Reactor types. Built at run time on purpose: the agent jar
 * relocates its own Reactor (Redisson's) under {@code io.cachet.shaded}, and the relocation
 * rewrites every string constant that looks like a {@code reactor.*} class name as well, even a
 * lone {@code "reactor"}. Written as literals, these names would end up naming the agent's
 * private copy, and the agent would look for that copy in the application.
 */
public final class ReactorNames {

    public static final String MONO = name("core.publisher.Mono");
    public static final String FLUX = name("core.publisher.Flux");
    static final String SCHEDULER = name("core.scheduler.Scheduler");
    static final String SCHEDULERS = name("core.scheduler.Schedulers");
    static final String DISPOSABLE = name("core.Disposable");

    private ReactorNames() {
    }

    private static String name(String rest) {
        return String.join(".", String.join("", "re", "actor"), rest);
    }
}
