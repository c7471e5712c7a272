package io.cachet.it.apps;

import io.cachet.annotations.Cached;
import io.cachet.annotations.Evicts;

/** Many entries carrying one tag, for the test that tag eviction does not depend on their number. */
public class Bulk {

    @Cached(ttl = "10m", tags = {"group:{0}"})
    public String item(String group, int i) {
        Counters.inc("bulk.item");
        return group + "-" + i;
    }

    @Evicts(tags = {"group:{0}"})
    public void evict(String group) {
    }
}
