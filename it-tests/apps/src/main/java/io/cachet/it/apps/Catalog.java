package io.cachet.it.apps;

import io.cachet.annotations.CacheKey;
import io.cachet.annotations.Cached;
import io.cachet.it.apps.Model.Color;
import io.cachet.it.apps.Model.Item;
import io.cachet.it.apps.Model.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Cached methods of every kind the agent must handle. Each body counts its runs in
 * {@link Counters} and returns a value that includes that count, so a hit (same value, count
 * unchanged) is told apart from a miss.
 */
public class Catalog {

    @Cached(ttl = "1m")
    public String describe(long id) {
        return "item-" + id + "#" + Counters.inc("describe");
    }

    @Cached
    public static int square(int x) {
        Counters.inc("square");
        return x * x;
    }

    @Cached
    private String secret(String s) {
        return s.toUpperCase(Locale.ROOT) + "#" + Counters.inc("secret");
    }

    public String callSecret(String s) {
        return secret(s);
    }

    @Cached
    public final long twice(long x) {
        Counters.inc("twice");
        return 2 * x;
    }

    @Cached
    public String find(long id) {
        return "by-id-" + id + "#" + Counters.inc("find(long):" + id);
    }

    @Cached
    public String find(String name) {
        return "by-name-" + name + "#" + Counters.inc("find(String):" + name);
    }

    @Cached
    public Integer boxed(int x) {
        Counters.inc("boxed");
        return x + 1;
    }

    @Cached
    public int[] digits(int n) {
        Counters.inc("digits");
        return String.valueOf(n).chars().map(c -> c - '0').toArray();
    }

    @Cached
    public List<String> words(String text) {
        Counters.inc("words");
        return List.of(text.split("-"));
    }

    @Cached
    public Map<String, Integer> lengths(String text) {
        Counters.inc("lengths");
        Map<String, Integer> m = new TreeMap<>();
        for (String w : text.split("-")) {
            m.put(w, w.length());
        }
        return m;
    }

    @Cached
    public Set<String> letters(String text) {
        Counters.inc("letters");
        return Set.copyOf(List.of(text.split("")));
    }

    @Cached
    public Item item(long id) {
        return new Item(id, "item " + id + "#" + Counters.inc("item"), List.of("a", "b"));
    }

    @Cached
    public Color color(int ordinal) {
        Counters.inc("color");
        return Color.values()[ordinal];
    }

    @Cached
    public Optional<String> maybe(String s) {
        Counters.inc("maybe");
        return s.isEmpty() ? Optional.empty() : Optional.of(s + "#" + Counters.get("maybe"));
    }

    @Cached
    public Money price(String sku) {
        return new Money(new BigDecimal("9.99").add(BigDecimal.valueOf(Counters.inc("price"))), "EUR");
    }

    @Cached
    public CompletableFuture<String> later(String s) {
        int n = Counters.inc("later");
        return CompletableFuture.supplyAsync(() -> s + "#" + n);
    }

    @Cached
    public String nothingFound(String s) {
        Counters.inc("nothingFound");
        return null;
    }

    @Cached(cacheNulls = false)
    public String nothingFoundUncachedNull(String s) {
        Counters.inc("nothingFoundUncachedNull");
        return null;
    }

    @Cached
    public String failing(String s) {
        int n = Counters.inc("failing");
        if (n == 1) {
            throw new IllegalStateException("boom " + n);
        }
        return s + "#" + n;
    }

    @Cached(ttl = "10s", jitter = 0.1)
    public String ttlProbe(int k) {
        return "ttl-" + k + "#" + Counters.inc("ttlProbe");
    }

    @Cached(jitter = 0)
    public String defaultTtl(int k) {
        return "default-" + k + "#" + Counters.inc("defaultTtl");
    }

    @Cached(ttl = "5s", slidingTtl = true, jitter = 0)
    public String sliding(int k) {
        return "sliding-" + k + "#" + Counters.inc("sliding");
    }

    @Cached(name = "keys")
    public String keyOf(Object arg) {
        return "key#" + Counters.inc("keyOf");
    }

    @Cached(key = "{0.id}")
    public String byItem(Item item) {
        return "by-item-" + item.id() + "#" + Counters.inc("byItem");
    }

    @Cached
    public String withKeyParam(@CacheKey String sku, Locale locale) {
        return sku + "#" + Counters.inc("withKeyParam");
    }

    @Cached(key = "{3}")
    public String badTemplate(String a) {
        return a + "#" + Counters.inc("badTemplate");
    }

    @Cached(key = "{0.nope}")
    public String unknownProperty(Item item) {
        return "#" + Counters.inc("unknownProperty");
    }

    @Cached(ttl = "5x")
    public String badTtl(String a) {
        return a + "#" + Counters.inc("badTtl");
    }

    @Cached
    public Model.Guarded guarded(String name) {
        return new Model.Guarded(name + "#" + Counters.inc("guarded"));
    }

    @Cached
    public void nothing() {
        Counters.inc("nothing");
    }

    @Cached
    public Object anything(String kind) {
        Counters.inc("anything");
        if ("gadget".equals(kind)) {
            return new org.gadget.Gadget("payload");
        }
        return "plain-" + kind;
    }

    @Cached
    public String slow(String s) throws InterruptedException {
        Counters.inc("slow");
        Thread.sleep(50);
        return s.toUpperCase(Locale.ROOT);
    }

    /** A non-static inner class. */
    public class Inner {
        @Cached
        public String shout(String s) {
            return s.toUpperCase(Locale.ROOT) + "#" + Counters.inc("inner.shout");
        }
    }

    /** A static nested generic class. */
    public static class Box<T> {
        @Cached
        public List<T> twiceOf(T value) {
            Counters.inc("box.twiceOf");
            return List.of(value, value);
        }
    }

    /** A default interface method. */
    public interface Pricing {
        @Cached
        default BigDecimal vat(String sku) {
            Counters.inc("pricing.vat");
            return new BigDecimal("0.21");
        }
    }

    public static class Shop implements Pricing {
    }

    /** An abstract method cannot be cached; the agent says so once. */
    public abstract static class Base {
        @Cached
        public abstract String abstractOne(String s);
    }
}
