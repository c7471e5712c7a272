package io.cachet.it.reactor;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers commands on standard input in the {@code OK <result>} protocol of the ITs. Every
 * subscription is made on {@code Schedulers.parallel()}, a non-blocking thread; between
 * {@code watch} and {@code watched}, any such thread seen waiting inside the agent is recorded
 * ({@link BlockedThreads}).
 */
public final class ReactorApp {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final BlockedThreads BLOCKED = new BlockedThreads();

    private ReactorApp() {
    }

    public static void main(String[] args) throws Exception {
        Library library = new Library();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            String[] p = line.split(" ");
            String reply;
            try {
                reply = run(library, p);
            } catch (RuntimeException | Error | InterruptedException e) {
                reply = "error: " + e.getMessage();
            }
            out.println("OK " + reply);
        }
    }

    private static String run(Library library, String[] p) throws InterruptedException {
        switch (p[0]) {
            case "set":
                library.titles.put(p[1], p[2]);
                return "set";
            case "length":
                library.lengths.put(p[1], Integer.parseInt(p[2]));
                return "set";
            case "fail":
                library.failing = p[1].equals("on");
                return "set";
            case "count":
                return String.valueOf(p.length > 1 && p[1].equals("slow") ? library.slowLoads.get() : library.loads.get());
            case "title":
                return value(onParallel(() -> library.title(p[1])));
            case "twice": {
                Mono<String> built = library.title(p[1]);
                return value(onParallel(() -> built)) + " " + value(onParallel(() -> built));
            }
            case "chapters":
                return String.join(",", Flux.defer(() -> library.chapters(p[1])).subscribeOn(Schedulers.parallel())
                        .collectList().block(WAIT));
            case "take":
                return String.join(",", Flux.defer(() -> library.chapters(p[1])).subscribeOn(Schedulers.parallel())
                        .take(Integer.parseInt(p[2])).collectList().block(WAIT));
            case "storm":
                return storm(library, p[1], Integer.parseInt(p[2]));
            case "threads":
                return threads(library, p[1]);
            case "watch":
                BLOCKED.start();
                return "watching";
            case "watched":
                return BLOCKED.stop();
            default:
                return "unknown command " + p[0];
        }
    }

    private static Mono<String> onParallel(Supplier<Mono<String>> mono) {
        return Mono.defer(mono).subscribeOn(Schedulers.parallel());
    }

    private static String value(Mono<String> mono) {
        try {
            return mono.map(v -> "value " + v).defaultIfEmpty("empty").block(WAIT);
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    /** {@code n} subscribers of one key at once, each on a parallel thread: the distinct values they got. */
    private static String storm(Library library, String id, int n) {
        List<String> got = Flux.range(0, n)
                .flatMap(i -> Mono.defer(() -> library.slowTitle(id)).subscribeOn(Schedulers.parallel()), n)
                .collectList().block(WAIT);
        return got.size() + " " + new TreeSet<>(got);
    }

    /** The threads the subscriber's own operators ran on, for a miss and a hit of a Mono and of a Flux. */
    private static String threads(Library library, String id) {
        Set<String> seen = new ConcurrentSkipListSet<>();
        for (int i = 0; i < 2; i++) {
            onParallel(() -> library.title(id)).doOnNext(v -> seen.add(kind(Thread.currentThread().getName()))).block(WAIT);
            Flux.defer(() -> library.chapters(id)).subscribeOn(Schedulers.parallel())
                    .doOnNext(v -> seen.add(kind(Thread.currentThread().getName()))).blockLast(WAIT);
        }
        return String.join(",", seen);
    }

    /** A thread's name without its number: {@code parallel-3} is {@code parallel}. */
    private static String kind(String thread) {
        return thread.replaceAll("-?\\d+", "");
    }
}
