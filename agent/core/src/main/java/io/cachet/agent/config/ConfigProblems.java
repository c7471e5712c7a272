package io.cachet.agent.config;

import io.cachet.agent.log.AgentLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects what is wrong with the configuration, one line per problem naming the key, the value
 * and the fault. Problems are logged and the faulty setting falls back to its default, unless
 * {@code cachet.fail-fast=true}, in which case the agent refuses to start with the same lines.
 */
public final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    public void badValue(String key, String value, String what) {
        problems.add(key + "=" + value + ": " + what);
    }

    public void add(String line) {
        problems.add(line);
    }

    public List<String> all() {
        return Collections.unmodifiableList(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public void logAll() {
        for (String p : problems) {
            AgentLog.warn("config: " + p);
        }
    }
}
