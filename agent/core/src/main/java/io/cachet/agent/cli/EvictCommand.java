package io.cachet.agent.cli;

import io.cachet.agent.cache.OperatorEvictions;
import io.cachet.agent.config.CachetConfig;
import io.cachet.agent.config.Settings;
import io.cachet.agent.key.EntryKeys;
import io.cachet.agent.store.InvalidationListener;
import io.cachet.agent.store.RedisStore;
import io.cachet.agent.store.StoreException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code evict --tag T | --cache C [--key K]}: the eviction an {@code @Evicts} would do, against
 * the configured Redis: a version counter bump (and the delete of a named entry), seen by every
 * JVM at its next lookup.
 */
final class EvictCommand implements CommandLine.Command {

    @Override
    public void run(Options options, PrintStream out) {
        options.allowOnly(0, "config", "tag", "cache", "key");
        boolean tag = options.has("tag");
        if (tag == options.has("cache")) {
            throw new CommandLine.BadArguments("give either --tag T or --cache C");
        }
        if (options.has("key") && tag) {
            throw new CommandLine.BadArguments("--key goes with --cache, not --tag");
        }
        CachetConfig config = RedisSettings.read(options);
        EntryKeys keys = new EntryKeys(config.get(Settings.KEY_PREFIX));
        RedisStore store = RedisStore.connectInBackground(config, keys.invalidationChannel(), InvalidationListener.NONE, () -> { });
        try {
            awaitConnected(store, config);
            OperatorEvictions evictions = new OperatorEvictions(keys, store);
            if (tag) {
                evictions.tag(options.get("tag"));
                out.println("evicted every entry tagged " + options.get("tag"));
            } else if (options.has("key")) {
                evictions.key(options.get("cache"), options.get("key"));
                out.println("evicted " + options.get("cache") + " key " + options.get("key"));
            } else {
                evictions.cache(options.get("cache"));
                out.println("evicted every entry of " + options.get("cache"));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.BadArguments(e.getMessage());
        } catch (StoreException e) {
            throw new CommandLine.Failure("Redis did not confirm the eviction (" + Failures.oneLine(e) + "); run it again");
        } finally {
            store.close();
        }
    }

    /** The store connects on its own thread; a command waits for it, a little longer than one attempt. */
    private static void awaitConnected(RedisStore store, CachetConfig config) {
        long deadline = System.nanoTime() + config.get(Settings.REDIS_CONNECT_TIMEOUT).toNanos() + TimeUnit.SECONDS.toNanos(2);
        while (!store.available()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new CommandLine.Failure("cannot reach Redis at " + store.describe().replace("mode=redis, redis=", ""));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
