package io.cachet.agent.cli;

import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.store.KeySample;
import java.io.PrintStream;

/**
 * {@code inspect --cache C}: how many entries a cache has in Redis (an estimate from a bounded
 * {@code SCAN}, never {@code KEYS}) and a sample of them with TTL and size. Entries recorded
 * before an eviction are still counted until their TTL ends: they are stale, not gone.
 */
final class InspectCommand implements CommandLine.Command {

    @Override
    public void run(Options options, PrintStream out) throws Exception {
        options.allowOnly(0, "config", "cache", "scan", "sample");
        String cache = options.get("cache");
        if (cache == null) {
            throw new CommandLine.BadArguments("give --cache C");
        }
        int scanLimit = options.positiveInt("scan", 100_000);
        int sampleSize = options.positiveInt("sample", 10);
        CachetConfig config = RedisSettings.read(options);
        String prefix = new EntryKeys(config.get(Settings.KEY_PREFIX)).cachePrefix(cache);
        KeySample sample;
        try {
            sample = KeySample.take(config, prefix, scanLimit, sampleSize);
        } catch (RuntimeException e) {
            throw new CommandLine.Failure("cannot reach Redis (" + Failures.oneLine(e) + ")");
        }
        out.println("cache " + cache + " (keys " + prefix + "*)");
        out.println((sample.exact() ? "entries: " : "entries (estimate): ~") + sample.estimate()
                + "  (SCAN saw " + sample.scanned + " of " + sample.databaseKeys + " keys"
                + (sample.exact() ? ", all of them" : "; raise --scan for a closer estimate") + ")");
        out.println("entries evicted by a version bump stay until their TTL ends, unserved; they are counted here");
        if (!sample.entries.isEmpty()) {
            out.println(String.format("%-60s %12s %10s", "key", "ttl", "bytes"));
        }
        for (KeySample.Entry e : sample.entries) {
            out.println(String.format("%-60s %12s %10d", e.key, ttl(e.ttlMillis), e.bytes));
        }
    }

    private static String ttl(long millis) {
        if (millis < 0) {
            return millis == -1 ? "none" : "gone";
        }
        return millis >= 10_000 ? millis / 1000 + "s" : millis + "ms";
    }
}
