package io.cachet.it.apps.legacy;

import io.cachet.it.apps.Counters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A "vendor" class with no Cachet annotations: cached, evicted and written through purely by
 * {@code cachet.cache.*}, {@code cachet.evict.*} and {@code cachet.write-through.*} rules.
 */
public class LegacyUsers {

    private final Map<Long, String> table = new ConcurrentHashMap<>();

    public String find(long id) {
        Counters.inc("legacy.find");
        return table.getOrDefault(id, "nobody");
    }

    public void update(long id, String name) {
        table.put(id, name);
    }

    public String save(long id, String name) {
        table.put(id, name);
        return name;
    }
}
