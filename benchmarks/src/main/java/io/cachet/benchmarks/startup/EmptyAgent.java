package io.cachet.benchmarks.startup;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: what the JVM itself spends on any {@code -javaagent} (its
 * instrumentation library, the agent jar, the {@code premain} call) before the agent's own code
 * runs. The start-up benchmark names it in the manifest of a jar of its own.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // Nothing: the figure is the JVM's part.
    }
}
