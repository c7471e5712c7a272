package io.cachet.it.reactor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Watches Reactor's non-blocking threads ({@code parallel-*}) for the agent blocking one: a
 * thread of theirs seen parked, sleeping or waiting inside an {@code io.cachet} frame. What
 * BlockHound reports, found by sampling every thread's stack about once a millisecond instead
 * of instrumenting the JDK (BlockHound 1.0.13 installs on this JDK but reports nothing, not even
 * a {@code Thread.sleep} on a parallel thread). With BlockHound's allowances: an idle worker
 * waits in its pool's queue with no agent frame; a wait to load a class (BlockHound's own
 * allowance) and Reactor's scheduling of a task (its {@code ScheduledThreadPoolExecutor} queue,
 * allowed by Reactor's BlockHound integration) are not counted; and, as for BlockHound, a thread
 * contending for a monitor ({@code BLOCKED}) is not a blocking call.
 */
final class BlockedThreads {

    private final Set<String> seen = new ConcurrentSkipListSet<>();
    private volatile Thread sampler;

    void start() {
        seen.clear();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Thread t = new Thread(() -> {
            while (sampler == Thread.currentThread()) {
                for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                    if (info.getThreadName().startsWith("parallel-") && waiting(info)) {
                        StackTraceElement[] stack = info.getStackTrace();
                        seen.add(info.getThreadName().replaceAll("\\d+", "") + " " + info.getThreadState() + " at " + top(stack)
                                + " in " + agentFrame(info) + " on " + info.getLockName());
                    }
                }
                Thread.onSpinWait();
            }
        }, "blocked-threads-sampler");
        t.setDaemon(true);
        sampler = t;
        t.start();
    }

    /** Stops sampling; what was seen, or {@code none}. */
    String stop() throws InterruptedException {
        Thread t = sampler;
        sampler = null;
        if (t != null) {
            t.join();
        }
        return seen.isEmpty() ? "none" : String.join(" | ", seen);
    }

    private static boolean waiting(ThreadInfo info) {
        switch (info.getThreadState()) {
            case WAITING:
            case TIMED_WAITING:
                return agentFrame(info) != null && !allowed(info.getStackTrace());
            default:
                return false;
        }
    }

    /** Whether the wait is inside a call BlockHound or Reactor's integration allows, below the agent's frames. */
    private static boolean allowed(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().startsWith("io.cachet.")) {
                return false;
            }
            String at = e.getClassName() + "." + e.getMethodName();
            if (at.equals("java.lang.ClassLoader.loadClass")
                    || at.equals("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.offer")) {
                return true;
            }
        }
        return false;
    }

    /** Where the thread waits: the first few frames. */
    private static String top(StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(6, stack.length); i++) {
            b.append(i == 0 ? "" : " < ").append(stack[i].getClassName()).append('.').append(stack[i].getMethodName());
        }
        return b.toString();
    }

    private static String agentFrame(ThreadInfo info) {
        for (StackTraceElement e : info.getStackTrace()) {
            if (e.getClassName().startsWith("io.cachet.")) {
                return e.getClassName() + "." + e.getMethodName();
            }
        }
        return null;
    }
}
