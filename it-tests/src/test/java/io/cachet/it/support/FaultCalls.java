package io.cachet.it.support;

import java.util.List;

/**
 * The fault tests' calls into a forked application ({@code io.cachet.it.apps.faults.FaultCommands}
 * inside {@code ScenarioApp}), typed, with ScenarioApp's {@code <Type>} suffix taken off.
 */
public final class FaultCalls {

    private final AgentJvm app;

    public FaultCalls(AgentJvm app) {
        this.app = app;
    }

    public AgentJvm jvm() {
        return app;
    }

    /** The reply of {@code command} without its type suffix; an {@code EX ...} reply as it is. */
    public String call(String command) {
        String reply = app.call(command);
        int type = reply.lastIndexOf(" <");
        return type > 0 && reply.endsWith(">") && !reply.startsWith("EX ") ? reply.substring(0, type) : reply;
    }

    /** {@code Records.read(k)}: {@code rec<k>:v<version>}. */
    public String read(int k) {
        return call("rec.read " + k);
    }

    /** {@code Records.update(k)}: the record's new version, once its {@code @Evicts} has returned. */
    public long update(int k) {
        return Long.parseLong(call("rec.update " + k));
    }

    /** How often {@code Records.read(k)} really ran. */
    public long loads(int k) {
        return Long.parseLong(call("rec.loads " + k));
    }

    /** The next loads of {@code k} stop after reading their version, until {@link #openGate()}. */
    public void closeGate(int k) {
        call("gate.close " + k);
    }

    public void awaitLoadAtGate() {
        String reply = call("gate.awaitHeld");
        if (!reply.equals("held")) {
            throw new AssertionError("no load of the gated key started: " + reply + "\n" + app.logText());
        }
    }

    public void openGate() {
        call("gate.open");
    }

    /** Starts {@code command} on a thread of its own in the application. */
    public void async(String id, String command) {
        call("async " + id + " " + command);
    }

    /** Waits until call {@code id}'s thread parks (following another caller's load, or at the gate). */
    public String awaitParked(String id) {
        return call("async.parked " + id);
    }

    public String result(String id) {
        return call("async.result " + id);
    }

    public void startWorkload(int threads, int keys, double updateShare, long loadMicros) {
        call("workload.start " + threads + " " + keys + " " + updateShare + " " + loadMicros);
    }

    public void phase(String name) {
        call("workload.phase " + name);
    }

    /** The calls since the previous window. */
    public WorkloadTally window() {
        return WorkloadTally.parse(call("workload.window"));
    }

    public List<WorkloadTally> stopWorkload() {
        return WorkloadTally.parseReport(call("workload.stop"));
    }
}
