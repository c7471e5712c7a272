package io.cachet.benchmarks.onejvm;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.cachet.benchmarks.Product;
import io.cachet.benchmarks.Seed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Where a near hit's time goes, piece by piece, and what the alternatives cost (benchmarks
 * only; the agent is not changed): decoding the kept bytes as the agent does for a mutable
 * payload, Kryo's {@code copy} of a kept instance, a copy that shares the immutable parts
 * ({@link ShapeCopier}), the lookup as the near cache does it today (a {@code NearKey}, Caffeine
 * with a per-entry expiry, the version check) and a leaner one.
 */
final class NearPrototypes {

    private NearPrototypes() {
    }

    static List<Contender> all(String address) throws Exception {
        byte[] entry;
        try (RespSocket socket = new RespSocket(address)) {
            entry = socket.get(RespSocket.command("GET", Seed.entry(1).replace("Catalog.product", "Catalog.nearProduct")));
        }
        // The agent's envelope, format 2 (codec.Entry): flags at byte 2, the version count at 35,
        // the payload after the versions.
        if (entry == null || entry[1] != 2 || (entry[2] & 2) != 0) {
            throw new IllegalStateException("no uncompressed near entry of Catalog.nearProduct(1), format 2, in Redis");
        }
        int payloadStart = 36 + 8 * entry[35];
        byte[] payload = Arrays.copyOfRange(entry, payloadStart, entry.length);
        Kryo kryo = agentLikeKryo();
        Product master = (Product) kryo.readClassAndObject(new Input(payload));
        ShapeCopier.Op plan = ShapeCopier.plan(master);
        if (plan == null || plan == ShapeCopier.SHARE) {
            throw new IllegalStateException("the shape copier made no plan for the mutable product: " + plan);
        }
        Object copy = ShapeCopier.copy(plan, master);
        if (copy == master || ((Product) copy).getVariants() == master.getVariants()
                || !Arrays.equals(bytes(kryo, copy), bytes(kryo, master))) {
            throw new IllegalStateException("the shape copy is not an equal, separate product");
        }
        List<Contender> out = new ArrayList<>();
        out.add(new KryoDecode(payload));
        out.add(new KryoCopy(master, true));
        out.add(new KryoCopy(master, false));
        out.add(new ShapeCopy(master, plan));
        out.add(new NanoTime());
        out.add(new CaffeineExpiryGet(false));
        out.add(new CaffeineExpiryGet(true));
        out.add(new TwoCounters());
        out.add(new LookupToday());
        out.add(new LookupLean(null, null));
        out.add(new LookupLean(plan, master));
        return out;
    }

    /** A Kryo set up as the agent's codec sets up its own (references, Objenesis, JDK immutable collections). */
    static Kryo agentLikeKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        return kryo;
    }

    private static byte[] bytes(Kryo kryo, Object o) {
        Output out = new Output(1024, -1);
        kryo.writeClassAndObject(out, o);
        return out.toBytes();
    }

    static final class KryoDecode extends Contender.Local {
        private final Kryo kryo = agentLikeKryo();
        private final Input input = new Input();
        private final byte[] payload;
        private long misses;

        KryoDecode(byte[] payload) {
            super("proto-kryo-decode", true, "Kryo decode of the kept payload bytes (what a mutable near hit does today, without the agent around it)");
            this.payload = payload;
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                input.setBuffer(payload);
                Object v = kryo.readClassAndObject(input);
                if (!(v instanceof Product)) {
                    misses++;
                }
                Sink.consume(v);
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return misses;
        }
    }

    static final class KryoCopy extends Contender.Local {
        private final Kryo kryo = agentLikeKryo();
        private final Product master;

        KryoCopy(Product master, boolean copyReferences) {
            super(copyReferences ? "proto-kryo-copy" : "proto-kryo-copy-noref", true, copyReferences
                    ? "`Kryo.copy` of a kept instance (deep copy; references tracked)"
                    : "`Kryo.copy` with `setCopyReferences(false)` (a tree only: no identity map)");
            this.master = master;
            kryo.setCopyReferences(copyReferences);
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Sink.consume(kryo.copy(master));
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return 0;
        }
    }

    static final class ShapeCopy extends Contender.Local {
        private final Product master;
        private final ShapeCopier.Op plan;

        ShapeCopy(Product master, ShapeCopier.Op plan) {
            super("proto-shape-copy", true, "copy by a plan made once from the kept instance: new Product and ArrayList, the immutable variants, strings, decimals shared");
            this.master = master;
            this.plan = plan;
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Sink.consume(ShapeCopier.copy(plan, master));
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return 0;
        }
    }

    static final class NanoTime extends Contender.Local {
        NanoTime() {
            super("proto-nanotime", true, "`System.nanoTime()` alone (what a per-read expiry check costs)");
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Sink.consume(System.nanoTime());
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return 0;
        }
    }

    /**
     * The entry of a lookup prototype: a value and what proves it current, checked as the agent's
     * {@code NearEntry} checks it (the agent's classes are not linkable from here, and the check
     * is part of what is timed).
     */
    static final class Entry {
        final long epoch;
        final AtomicLong[] counters;
        final long[] seen;
        final long expiresAtNanos;
        final Object value;

        Entry(long epoch, AtomicLong[] counters, Object value) {
            this.epoch = epoch;
            this.counters = counters;
            this.seen = new long[counters.length];
            for (int i = 0; i < counters.length; i++) {
                seen[i] = counters[i].get();
            }
            this.expiresAtNanos = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
            this.value = value;
        }

        boolean current(long currentEpoch) {
            if (epoch != currentEpoch) {
                return false;
            }
            for (int i = 0; i < counters.length; i++) {
                if (counters[i].get() != seen[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    static Cache<Object, Entry> withExpiry() {
        return withExpiry(false);
    }

    /** @param inline Caffeine's maintenance run on the calling thread, not handed to the common pool */
    static Cache<Object, Entry> withExpiry(boolean inline) {
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(10_000);
        if (inline) {
            builder.executor(Runnable::run);
        }
        return builder.expireAfter(new Expiry<Object, Entry>() {
            @Override
            public long expireAfterCreate(Object key, Entry e, long now) {
                return e.expiresAtNanos - now;
            }

            @Override
            public long expireAfterUpdate(Object key, Entry e, long now, long current) {
                return e.expiresAtNanos - now;
            }

            @Override
            public long expireAfterRead(Object key, Entry e, long now, long current) {
                return current;
            }
        }).build();
    }

    static final class CaffeineExpiryGet extends Contender.Local {
        private final Cache<Object, Entry> cache;
        private final Long key = 1L;
        private long misses;

        CaffeineExpiryGet(boolean inline) {
            super(inline ? "proto-caffeine-expiry-get-inline" : "proto-caffeine-expiry-get", true, inline
                    ? "the same with `executor(Runnable::run)`: the read buffer drained on the caller, no hand-off to the common pool"
                    : "Caffeine `getIfPresent` on a cache with the near cache's per-entry `Expiry` (reads the clock; hands buffer drains to the common pool)");
            cache = withExpiry(inline);
            cache.put(key, new Entry(0, new AtomicLong[0], Product.unmodifiableSample(1)));
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Entry e = cache.getIfPresent(key);
                if (e == null) {
                    misses++;
                }
                Sink.consume(e);
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return misses;
        }
    }

    /** What the hit's statistics cost: two {@code LongAdder} increments (a call and a hit), as the agent counts them. */
    static final class TwoCounters extends Contender.Local {
        private final LongAdder calls = new LongAdder();
        private final LongAdder hits = new LongAdder();

        TwoCounters() {
            super("proto-two-longadders", true, "two `LongAdder.increment()` (a near hit's call and hit statistics)");
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                calls.increment();
                hits.increment();
            }
            long t = System.nanoTime() - t0;
            Sink.consume(calls.sum() + hits.sum());
            return t;
        }

        @Override
        long loads() {
            return 0;
        }
    }

    /** The near cache's key today: the method and the argument values, in an array. */
    static final class ValuesKey {
        final Object method;
        final Object[] values;
        final int hash;

        ValuesKey(Object method, Object[] values) {
            this.method = method;
            this.values = values;
            this.hash = 31 * System.identityHashCode(method) + Arrays.hashCode(values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ValuesKey && ((ValuesKey) o).method == method && Arrays.equals(((ValuesKey) o).values, values);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * Today's near lookup without the advice: the call's argument array (the advice builds one),
     * a {@code NearKey}-like key of its values, Caffeine with per-entry expiry, the epoch and
     * counter check, the shared value.
     */
    static final class LookupToday extends Contender.Local {
        private final Object method = new Object();
        private final Cache<Object, Entry> cache = withExpiry();
        private final AtomicLong epoch = new AtomicLong(1);
        private long id = 1;
        private long misses;

        LookupToday() {
            super("proto-near-lookup-today", true, "today's lookup alone: NearKey of the arguments, Caffeine with expiry, epoch + 2 counters checked");
            cache.put(new ValuesKey(method, new Object[] {1L}),
                    new Entry(1, new AtomicLong[] {new AtomicLong(), new AtomicLong()}, Product.unmodifiableSample(1)));
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Object[] args = {id};
                Object[] values = {args[0]};
                Entry e = cache.getIfPresent(new ValuesKey(method, values));
                if (e == null || !e.current(epoch.get())) {
                    misses++;
                    continue;
                }
                Sink.consume(e.value);
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return misses;
        }
    }

    /**
     * A leaner lookup: a map of the method's own keyed by its one argument value (no key object),
     * no clock read on the hit (expiry left to a timer that removes entries a little early), the
     * same epoch and counter check; with a plan, the mutable payload copied by it.
     */
    static final class LookupLean extends Contender.Local {
        private final ConcurrentHashMap<Object, Entry> map = new ConcurrentHashMap<>();
        private final AtomicLong epoch = new AtomicLong(1);
        private final ShapeCopier.Op plan;
        private long id = 1;
        private long misses;

        LookupLean(ShapeCopier.Op plan, Product master) {
            super(plan == null ? "proto-near-lookup-lean" : "proto-near-lookup-lean-copy", true, plan == null
                    ? "leaner lookup: per-method map keyed by the argument itself, no clock read, epoch + 2 counters checked"
                    : "the leaner lookup, then the mutable payload copied by its plan (the proposed mutable near hit, less the advice)");
            this.plan = plan;
            Object value = plan == null ? Product.unmodifiableSample(1) : master;
            map.put(1L, new Entry(1, new AtomicLong[] {new AtomicLong(), new AtomicLong()}, value));
        }

        @Override
        long run(int n) {
            long t0 = System.nanoTime();
            if (plan == null) {
                for (int i = 0; i < n; i++) {
                    Object[] args = {id};
                    Entry e = map.get(args[0]);
                    if (e == null || !e.current(epoch.get())) {
                        misses++;
                        continue;
                    }
                    Sink.consume(e.value);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    Object[] args = {id};
                    Entry e = map.get(args[0]);
                    if (e == null || !e.current(epoch.get())) {
                        misses++;
                        continue;
                    }
                    Sink.consume(ShapeCopier.copy(plan, e.value));
                }
            }
            return System.nanoTime() - t0;
        }

        @Override
        long loads() {
            return misses;
        }
    }
}
