package io.netty.util.concurrent;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cachet's replacement for Netty's {@code DefaultThreadFactory}, relocated with the rest of
 * Netty; the build leaves Netty's own class out of the agent jar. Same public API, one
 * difference in behaviour: every thread is a daemon with no context class loader. Written against
 * the Netty release {@code netty.replaced.version} in {@code agent/core/pom.xml} names; the build
 * fails when another Netty comes in, until this class is compared with the new one.
 *
 * <p>Why: Redisson creates its {@code redisson-timer} thread with
 * {@code new DefaultThreadFactory("redisson-timer")}, which makes a non-daemon thread, and
 * offers no setting to change it. Inside an agent that thread keeps the application's JVM
 * alive after {@code main} returns. No thread the agent owns may do that, nor hold an
 * application class loader through its context loader.
 */
public class DefaultThreadFactory implements ThreadFactory {

    private static final AtomicInteger POOL_ID = new AtomicInteger();

    private final AtomicInteger nextId = new AtomicInteger();
    private final String prefix;
    private final int priority;
    protected final ThreadGroup threadGroup;

    public DefaultThreadFactory(Class<?> poolType) {
        this(toPoolName(poolType), true, Thread.NORM_PRIORITY, null);
    }

    public DefaultThreadFactory(String poolName) {
        this(poolName, true, Thread.NORM_PRIORITY, null);
    }

    public DefaultThreadFactory(Class<?> poolType, boolean daemon) {
        this(toPoolName(poolType), daemon, Thread.NORM_PRIORITY, null);
    }

    public DefaultThreadFactory(String poolName, boolean daemon) {
        this(poolName, daemon, Thread.NORM_PRIORITY, null);
    }

    public DefaultThreadFactory(Class<?> poolType, int priority) {
        this(toPoolName(poolType), true, priority, null);
    }

    public DefaultThreadFactory(String poolName, int priority) {
        this(poolName, true, priority, null);
    }

    public DefaultThreadFactory(Class<?> poolType, boolean daemon, int priority) {
        this(toPoolName(poolType), daemon, priority, null);
    }

    public DefaultThreadFactory(String poolName, boolean daemon, int priority) {
        this(poolName, daemon, priority, null);
    }

    /** @param daemon ignored: agent threads are always daemons (see the class comment) */
    public DefaultThreadFactory(String poolName, boolean daemon, int priority, ThreadGroup threadGroup) {
        if (poolName == null) {
            throw new NullPointerException("poolName");
        }
        if (priority < Thread.MIN_PRIORITY || priority > Thread.MAX_PRIORITY) {
            throw new IllegalArgumentException("priority: " + priority);
        }
        this.prefix = poolName + '-' + POOL_ID.incrementAndGet() + '-';
        this.priority = priority;
        this.threadGroup = threadGroup;
    }

    public static String toPoolName(Class<?> poolType) {
        String simple = poolType.getSimpleName();
        if (simple.isEmpty()) {
            simple = poolType.getName();
        }
        if (simple.length() > 1 && Character.isUpperCase(simple.charAt(0)) && Character.isLowerCase(simple.charAt(1))) {
            return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
        }
        return simple.toLowerCase(Locale.ROOT);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = newThread(FastThreadLocalRunnable.wrap(task), prefix + nextId.incrementAndGet());
        t.setDaemon(true);
        t.setPriority(priority);
        t.setContextClassLoader(null);
        return t;
    }

    protected Thread newThread(Runnable task, String name) {
        return new io.netty.util.concurrent.FastThreadLocalThread(threadGroup, task, name);
    }
}
