package io.cachet.agent.store;

import io.cachet.agent.log.AgentLog;

/**
 * Says, once per cache, why Redis refused to store its entries. Writes are not waited for (the
 * caller already has its result), so without this line a Redis that refuses every write (out of
 * memory, a read-only replica, a user without the right) looks like a cache that only misses.
 */
final class WriteFailures {

    private WriteFailures() {
    }

    static void report(String entryKey, Throwable err) {
        String cache = cacheOf(entryKey);
        String why = RedisFaults.describe(err);
        AgentLog.warnOnce("write:" + cache + ":" + kind(why), "cache '" + cache + "': Redis did not store an entry ("
                + why + "); " + remedy(why));
    }

    /** {@code [prefix:]cachet:<cache>:<key>} (EntryKeys): the cache's name. */
    static String cacheOf(String entryKey) {
        int start = entryKey.startsWith("cachet:") ? 0 : entryKey.indexOf(":cachet:") + 1;
        int from = start + "cachet:".length();
        int end = entryKey.indexOf(':', from);
        return end < 0 ? entryKey : entryKey.substring(from, end);
    }

    private static String kind(String why) {
        int space = why.indexOf(' ', why.indexOf(':') + 2);
        return space < 0 ? why : why.substring(0, space);
    }

    private static String remedy(String why) {
        if (why.contains("OOM")) {
            return "Redis is at its maxmemory: raise maxmemory, or set maxmemory-policy to volatile-lru or allkeys-lru "
                    + "(every entry Cachet writes has a TTL, so either makes room)";
        }
        if (why.contains("READONLY")) {
            return "the address is a read-only replica: point cachet.redis.address at the master, or describe the "
                    + "deployment in cachet.redis.config (Sentinel, Cluster)";
        }
        if (why.contains("NOPERM") || why.contains("NOAUTH") || why.contains("WRONGPASS")) {
            return "the Redis user may not write Cachet's keys: grant it the key pattern of cachet.key.prefix followed by "
                    + "cachet:* with +set (README, Access control)";
        }
        if (why.contains("Timeout") || why.contains("timed out")) {
            return "Redis did not answer within cachet.redis.timeout: raise it, or find what slows Redis (SLOWLOG, latency)";
        }
        return "such calls will keep running their method until Redis stores entries again";
    }
}
