package io.cachet.agent.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads the agent owns (Redisson's event loop and callbacks, the connector). Daemon, so they
 * never hold the JVM open; no context class loader, so they never pin an application loader
 * (a redeployed web application would otherwise leak through a thread that outlives it) and
 * never let a library on them find the application's classes by accident.
 */
public final class AgentThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    public AgentThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }
}
