package io.cachet.it.apps.faults;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The fault tests' commands, registered in {@link io.cachet.it.apps.ScenarioApp}'s table:
 * single calls of {@link Records} and {@link Payloads}, the {@link Gate}, calls run on their own
 * thread ({@code async}), and the {@link Workload}.
 */
public final class FaultCommands {

    private static final long WAIT_MILLIS = 20_000;

    private final Records records = new Records();
    private final Payloads payloads = new Payloads();
    private final Map<String, Function<String, Object>> table;
    private final Map<String, CompletableFuture<Object>> calls = new ConcurrentHashMap<>();
    private final Map<String, Thread> callThreads = new ConcurrentHashMap<>();
    private volatile Workload workload;

    private FaultCommands(Map<String, Function<String, Object>> table) {
        this.table = table;
    }

    public static void register(Map<String, Function<String, Object>> m) {
        FaultCommands c = new FaultCommands(m);
        m.put("rec.read", a -> c.records.read(Integer.parseInt(a)));
        m.put("rec.update", a -> c.records.update(Integer.parseInt(a)));
        m.put("rec.loads", a -> c.records.loads(Integer.parseInt(a)));
        m.put("rec.version", a -> c.records.version(Integer.parseInt(a)));
        m.put("rec.loadMicros", a -> {
            c.records.loadTime(Long.parseLong(a));
            return "set";
        });
        m.put("gate.close", a -> {
            c.records.gate().close(Integer.parseInt(a));
            return "closed";
        });
        m.put("gate.awaitHeld", a -> c.awaitHeld());
        m.put("gate.open", a -> {
            c.records.gate().open();
            return "opened";
        });
        m.put("async", c::async);
        m.put("async.result", c::result);
        m.put("async.parked", c::parked);
        m.put("kind", c::kind);
        m.put("payloads.blob", a -> "blob of " + c.payloads.blob(Integer.parseInt(a)).length + " bytes");
        m.put("payloads.text", a -> c.payloads.text(Integer.parseInt(a)));
        m.put("payloads.opaque", a -> c.payloads.opaque(Integer.parseInt(a)));
        m.put("alloc", FaultCommands::alloc);
        m.put("heapAfterGc", a -> heapAfterGc());
        m.put("workload.start", c::startWorkload);
        m.put("workload.phase", a -> {
            c.workload.phase(a);
            return "phase " + a;
        });
        m.put("workload.window", a -> c.workload.window());
        m.put("workload.report", a -> c.workload.report());
        m.put("workload.stop", a -> c.stopWorkload());
    }

    private String awaitHeld() {
        try {
            return records.gate().awaitHeld(WAIT_MILLIS) ? "held" : "no load reached the gate";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** {@code async <id> <command> [argument]}: starts the command on a thread of its own. */
    private String async(String spec) {
        String[] p = spec.split(" ", 3);
        Function<String, Object> m = table.get(p[1]);
        if (m == null) {
            throw new IllegalArgumentException("unknown command " + p[1]);
        }
        String arg = p.length > 2 ? p[2] : "";
        CompletableFuture<Object> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(m.apply(arg));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "async-" + p[0]);
        t.setDaemon(true);
        calls.put(p[0], f);
        callThreads.put(p[0], t);
        t.start();
        return "started " + p[0];
    }

    private Object result(String id) {
        try {
            return calls.remove(id).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("call " + id + ": " + e, e);
        }
    }

    /**
     * Waits until the thread of call {@code id} is parked (waiting for another caller's load, or
     * at the gate); answers its state, or {@code RUNNABLE}/{@code TERMINATED} when it never parked.
     */
    private String parked(String id) {
        Thread t = callThreads.get(id);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED) {
                return s.name();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls the state; nothing to be told by
        }
        return t.getState().name();
    }

    /** {@code kind <int|long|short|string> <value>}: one argument value, boxed as asked. */
    private String kind(String spec) {
        String[] p = spec.split(" ", 2);
        Object arg;
        switch (p[0]) {
            case "int": arg = Integer.valueOf(p[1]); break;
            case "long": arg = Long.valueOf(p[1]); break;
            case "short": arg = Short.valueOf(p[1]); break;
            case "string": arg = p[1]; break;
            default: throw new IllegalArgumentException("kind of " + p[0]);
        }
        return payloads.kind(arg);
    }

    /** Collects garbage, then allocates {@code mb} MiB at once: the application's own need for memory. */
    private static String alloc(String mb) {
        System.gc();
        byte[] b = new byte[Integer.parseInt(mb) << 20];
        return "allocated " + b.length + " bytes of " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    /** Bytes of heap in use once garbage is collected: what something still holds. */
    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code workload.start <threads> <keys> <update share> <load micros>}. */
    private String startWorkload(String spec) {
        String[] p = spec.split(" ");
        records.loadTime(Long.parseLong(p[3]));
        workload = new Workload(records, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Double.parseDouble(p[2]));
        return "started";
    }

    private String stopWorkload() {
        try {
            return workload.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
