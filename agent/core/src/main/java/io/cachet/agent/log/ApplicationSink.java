package io.cachet.agent.log;

import io.cachet.agent.runtime.AgentThreads;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code cachet.log.target=application}: lines go through the application's logging framework
 * ({@link ApplicationLogger}) once the application has configured it, written by one daemon
 * thread of ours, never by the thread that logs (a class-file transformer or a Redis callback
 * must not enter the application's logging, and an appender that runs a cached method must not
 * recurse into it). Until then lines wait in a bounded buffer, the oldest dropped past
 * {@link #CAPACITY} (and counted in one line); if no application logging is configured within
 * {@link #GIVE_UP_MILLIS}, they go to standard error instead, as every later line does.
 */
final class ApplicationSink implements LogSink {

    static final int CAPACITY = 1_000;
    static final long GIVE_UP_MILLIS = 120_000;
    private static final long POLL_MILLIS = 50;

    private final PrintStream fallback;
    private final ArrayDeque<Line> pending = new ArrayDeque<>();
    private final List<ClassLoader> candidates = new CopyOnWriteArrayList<>();
    private int dropped;
    private volatile ApplicationLogger logger;
    private boolean gaveUp;

    private static final class Line {
        final AgentLog.Level level;
        final String message;

        Line(AgentLog.Level level, String message) {
            this.level = level;
            this.message = message;
        }
    }

    private ApplicationSink(PrintStream fallback) {
        this.fallback = fallback;
    }

    static ApplicationSink start(PrintStream fallback) {
        ApplicationSink sink = new ApplicationSink(fallback);
        new AgentThreads("cachet-log").newThread(sink::deliver).start();
        return sink;
    }

    /** A class loader of the application's (one whose class ran a cached method): where to look for its logging. */
    void candidate(ClassLoader loader) {
        if (loader != null && !candidates.contains(loader)) {
            candidates.add(loader);
        }
    }

    @Override
    public void write(AgentLog.Level level, String message) {
        synchronized (pending) {
            if (!gaveUp) {
                if (pending.size() == CAPACITY) {
                    pending.removeFirst();
                    dropped++;
                }
                pending.addLast(new Line(level, message));
                pending.notifyAll();
                return;
            }
        }
        StreamSink.of(fallback).write(level, message);
    }

    private void deliver() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
        try {
            while (logger == null) {
                logger = find();
                if (logger == null && System.nanoTime() - deadline > 0) {
                    giveUp();
                    return;
                }
                if (logger == null) {
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // the application configures its logging when it chooses: poll
                }
            }
            while (true) {
                Line next = take();
                if (!logger.log(next.level, next.message)) {
                    StreamSink.of(fallback).write(next.level, next.message);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private ApplicationLogger find() {
        for (ClassLoader l : candidates) {
            ApplicationLogger found = ApplicationLogger.configuredIn(l);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private Line take() throws InterruptedException {
        synchronized (pending) {
            while (pending.isEmpty()) {
                pending.wait();
            }
            if (dropped > 0) {
                int n = dropped;
                dropped = 0;
                return new Line(AgentLog.Level.WARN, n + " earlier lines dropped: more than " + CAPACITY
                        + " were logged before the application's logging was configured");
            }
            return pending.removeFirst();
        }
    }

    private void giveUp() {
        StreamSink err = StreamSink.of(fallback);
        err.write(AgentLog.Level.WARN, "cachet.log.target=application: no configured SLF4J, Log4j 2 or java.util.logging found in the "
                + "application within " + GIVE_UP_MILLIS / 1000 + " s; logging to standard error instead");
        synchronized (pending) {
            gaveUp = true;
            for (Line l : pending) {
                err.write(l.level, l.message);
            }
            pending.clear();
        }
    }
}
