package io.cachet.agent.key;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one cache names what it reads and writes in Redis: its entries, their version counters and
 * their load leases (see {@link EntryKeys} for the formats), rendered from a call's arguments
 * through the method's key and tag templates.
 */
public final class CacheKeys {

    private final EntryKeys keys;
    private final String cacheName;
    private final String entryPrefix;
    private final String cacheVersionKey;
    private final KeyTemplate key;
    private final List<KeyTemplate> tags;
    /** The arguments a key made of whole arguments renders, for {@link NearKey}s; else {@code null}. */
    private final int[] keyArguments;

    public CacheKeys(EntryKeys keys, String cacheName, KeyTemplate key, List<KeyTemplate> tags) {
        this.keys = keys;
        this.cacheName = cacheName;
        this.entryPrefix = keys.cachePrefix(cacheName);
        this.cacheVersionKey = keys.cacheVersion(cacheName);
        this.key = key;
        this.tags = List.copyOf(tags);
        this.keyArguments = key.wholeArguments();
    }

    /**
     * What a call with these arguments reads.
     *
     * @throws KeyException when an argument cannot be rendered deterministically
     */
    public Lookup lookup(Object[] args) {
        String part = renderKey(key, args);
        String[] read = new String[3 + tags.size()];
        read[0] = entryPrefix + part;
        read[1 + Lookup.CACHE_COUNTER] = cacheVersionKey;
        read[1 + Lookup.KEY_COUNTER] = keys.keyVersion(cacheName, part);
        for (int i = 0; i < tags.size(); i++) {
            read[3 + i] = keys.tagVersion(render(tags.get(i), args));
        }
        return new Lookup(part, read);
    }

    /**
     * What a call whose rendered key part is {@code part} reads, without its arguments: possible
     * when every tag can be told from the key alone (see {@link KeyTemplate#renderForKey}). That
     * is how a write-through, which knows only the key, finds the counters of the entry it writes.
     *
     * @return the lookup, or {@code null} when the tags cannot be told from the key
     */
    public Lookup forKeyPart(String part) {
        String[] read = new String[3 + tags.size()];
        read[0] = entryPrefix + part;
        read[1 + Lookup.CACHE_COUNTER] = cacheVersionKey;
        read[1 + Lookup.KEY_COUNTER] = keys.keyVersion(cacheName, part);
        for (int i = 0; i < tags.size(); i++) {
            KeyWriter t = new KeyWriter();
            if (!tags.get(i).renderForKey(key, part, t)) {
                return null;
            }
            read[3 + i] = keys.tagVersion(t.keyPart());
        }
        return new Lookup(part, read);
    }

    /**
     * The near cache's key for these arguments among this method's calls, when they are values
     * it can be found by without rendering ({@link NearKey}); {@code null} otherwise, and the
     * entry key is used.
     */
    public Object byValue(Object[] args) {
        return keyArguments == null ? null : NearKey.of(args, keyArguments);
    }

    /** {@link #byValue} of a call of a method of one parameter, from its argument. */
    public Object byValueOfSingle(Object argument) {
        return keyArguments == null ? null : NearKey.ofSingle(argument, keyArguments);
    }

    /** Whether {@code other} (a write-through's key) renders the same arguments into this cache's key parts. */
    public boolean keyDeclaredLike(KeyTemplate other) {
        return key.declaredLike(other);
    }

    /** The load lease of the entry {@code lookup} reads. */
    public String leaseKey(Lookup lookup) {
        return keys.lease(cacheName, lookup.keyPart());
    }

    /** The counter whose bump evicts every entry of this cache. */
    public String cacheVersionKey() {
        return cacheVersionKey;
    }

    /** The tag templates as written, for the status page. */
    public List<String> tagTemplates() {
        List<String> out = new ArrayList<>();
        for (KeyTemplate t : tags) {
            out.add(t.toString());
        }
        return out;
    }

    /** A tag template rendered for one call. */
    public static String render(KeyTemplate template, Object[] args) {
        return render(template, args, KeyTemplate.Form.PLAIN);
    }

    /** A key template rendered for one call: the key part of the entry the call reads or writes. */
    public static String renderKey(KeyTemplate template, Object[] args) {
        return render(template, args, KeyTemplate.Form.DECLARED);
    }

    /**
     * Every key part a key template may name an entry of these arguments by, whatever the cached
     * method declares its parameters as (an evicting method's may differ): the plain form and the
     * typed one, once each. Evicting both costs one more counter at most; missing one would
     * leave an entry served after its eviction.
     */
    public static Set<String> keyPartsForEviction(KeyTemplate template, Object[] args) {
        Set<String> parts = new LinkedHashSet<>(2);
        parts.add(render(template, args, KeyTemplate.Form.PLAIN));
        parts.add(render(template, args, KeyTemplate.Form.TYPED));
        return parts;
    }

    private static String render(KeyTemplate template, Object[] args, KeyTemplate.Form form) {
        KeyWriter w = new KeyWriter();
        template.render(args, w, form);
        return w.keyPart();
    }
}
