package io.cachet.agent.cache;

import io.cachet.agent.codec.Entry;
import io.cachet.agent.key.Versions;
import io.cachet.agent.log.AgentLog;

/**
 * Says, once per cache, why an entry found in the store did not decode here (another JVM's
 * allow-list, another version of the class, a module that does not open its package...), with
 * what would help: such entries are misses, and without this line a cache that never serves
 * would look like one that is merely cold.
 */
final class DecodeFailures {

    private DecodeFailures() {
    }

    static void report(Call c, Entry entry, Versions versions) {
        if (c.method.decodeFailureReported()) {
            return;
        }
        String why = entry == null ? Entry.NOT_AN_ENTRY : c.runtime.codec.whyNot(entry, versions);
        if (why != null) {
            AgentLog.warnOnce("decode:" + c.method.cacheName(), "cache '" + c.method.cacheName() + "' (" + c.method.displayName()
                    + "): an entry in Redis did not decode, so the method ran: " + why);
        }
    }
}
