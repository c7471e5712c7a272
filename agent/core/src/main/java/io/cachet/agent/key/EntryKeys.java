package io.cachet.agent.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Forms Redis keys: entries as the contract states, {@code [prefix:]cachet:<cacheName>:<keyPart>},
 * and the version counters that invalidate them under {@code [prefix:]cachet-v:}, a namespace no
 * entry key can fall into whatever the cache is called:
 * <ul>
 *   <li>{@code cachet-v:cache:<cacheName>} - bumped to evict a whole cache;</li>
 *   <li>{@code cachet-v:key:<cacheName>:<keyPart>} - bumped to evict, or write through, one entry;</li>
 *   <li>{@code cachet-v:tag:<tag>} - bumped to evict every entry carrying the tag.</li>
 * </ul>
 * and the load leases of single-flight, {@code [prefix:]cachet-lease:<cacheName>:<keyPart>}; and
 * the pub/sub channel on which bumps are announced to near caches, {@code [prefix:]cachet-invalidations}.
 * Every piece is bounded: the prefix by configuration (64), the cache name here (a longer one
 * keeps its start and gains a hash), key parts and tags by {@link KeyWriter}.
 */
public final class EntryKeys {

    static final int MAX_CACHE_NAME = 100;

    private final String namespace;
    private final String versions;
    private final String leases;
    private final String invalidations;

    /** @param prefix the environment prefix, or {@code ""} for none */
    public EntryKeys(String prefix) {
        this.namespace = prefix.isEmpty() ? "cachet:" : prefix + ":cachet:";
        this.versions = prefix.isEmpty() ? "cachet-v:" : prefix + ":cachet-v:";
        this.leases = prefix.isEmpty() ? "cachet-lease:" : prefix + ":cachet-lease:";
        this.invalidations = prefix.isEmpty() ? "cachet-invalidations" : prefix + ":cachet-invalidations";
    }

    /** The load lease of an entry: held by the one JVM loading it for the cluster. */
    public String lease(String cacheName, String keyPart) {
        return leases + boundedName(cacheName) + ':' + keyPart;
    }

    /** The channel every bumped counter is published on, for the near caches of all JVMs. */
    public String invalidationChannel() {
        return invalidations;
    }

    public String cacheVersion(String cacheName) {
        return versions + "cache:" + boundedName(cacheName);
    }

    public String keyVersion(String cacheName, String keyPart) {
        return versions + "key:" + boundedName(cacheName) + ':' + keyPart;
    }

    /** @param tag a rendered tag, as {@link KeyWriter#keyPart()} gives it */
    public String tagVersion(String tag) {
        return versions + "tag:" + tag;
    }

    /** The part of every entry key of {@code cacheName} before its key part. */
    public String cachePrefix(String cacheName) {
        return namespace + boundedName(cacheName) + ':';
    }

    static String boundedName(String cacheName) {
        if (cacheName.length() <= MAX_CACHE_NAME) {
            return cacheName;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(cacheName.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(cacheName.substring(0, MAX_CACHE_NAME - 17)).append('~');
            for (int i = 0; i < 8; i++) {
                out.append(String.format("%02x", h[i]));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
