package io.cachet.agent.instrument;

import io.cachet.agent.config.MethodRule;
import io.cachet.agent.log.AgentLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the transformer has done so far: the types it changed, to restore them on detach, and
 * the rules that instrumented a method, so that the others can be reported. Kept apart from the
 * transformer so that it exists from {@code premain} on, while the transformer itself is built
 * in the background.
 */
final class InstrumentationRecord {

    private final Set<String> types = ConcurrentHashMap.newKeySet();
    private final Set<MethodRule> matched = ConcurrentHashMap.newKeySet();

    void instrumented(String typeName, List<MethodRule> by) {
        types.add(typeName);
        matched.addAll(by);
    }

    Set<String> instrumentedTypes() {
        return types;
    }

    /** Reports, once, each rule that has matched no method so far. */
    void reportUnmatched(List<MethodRule> rules) {
        for (MethodRule rule : rules) {
            if (!matched.contains(rule)) {
                AgentLog.warnOnce("unmatched:" + rule.keyOf("method"), "config: " + rule.keyOf("method") + "=" + rule.pattern()
                        + " has matched no method of any class loaded so far");
            }
        }
    }
}
