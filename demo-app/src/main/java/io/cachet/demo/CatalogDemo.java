package io.cachet.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Random;

/**
 * Runs a fixed, seeded workload of catalog lookups and prints what it cost. Run it with and
 * without {@code -javaagent:agent/target/cachet-agent.jar} to see the difference; with the
 * agent, it also shows the figures of a first (cold) and a second (warm) pass.
 */
public final class CatalogDemo {

    private CatalogDemo() {
    }

    public static void main(String[] args) throws Exception {
        int lookups = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        boolean agent = isAgentActive();
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1")) {
            ProductRepository.createSchema(c, 500);
            ProductRepository repo = new ProductRepository(c);
            System.out.println("Cachet demo: " + lookups + " lookups per pass over 500 products ("
                    + ProductRepository.SIMULATED_NETWORK_MILLIS + " ms simulated database round trip), agent "
                    + (agent ? "ACTIVE" : "NOT active (add -javaagent:agent/target/cachet-agent.jar)"));
            Pass cold = run("pass 1", repo, lookups);
            Pass warm = run("pass 2", repo, lookups);
            System.out.println();
            System.out.printf("pass 1: %5d database queries, %6d ms%n", cold.queries, cold.millis);
            System.out.printf("pass 2: %5d database queries, %6d ms%n", warm.queries, warm.millis);
            System.out.printf("uncached, each pass would make %d queries (one per lookup)%n", lookups);
            System.out.printf("saved: %.1f%% of database queries over both passes%n",
                    100.0 * (2L * lookups - cold.queries - warm.queries) / (2.0 * lookups));
        }
    }

    private static Pass run(String label, ProductRepository repo, int lookups) throws Exception {
        Random random = new Random(42);
        String[] categories = {"books", "garden", "kitchen", "music", "toys"};
        long q0 = repo.queries();
        long t0 = System.nanoTime();
        long checksum = 0;
        for (int i = 0; i < lookups; i++) {
            if (i % 10 == 0) {
                List<Product> list = repo.findByCategory(categories[random.nextInt(categories.length)]);
                checksum += list.size();
                if (i == 0) System.out.println(label + ": first lookup returned"); // start-up benchmark's marker
            } else {
                // Skewed like real traffic: most lookups hit a few popular products.
                long id = 1 + (long) Math.floor(Math.pow(random.nextDouble(), 3) * 200);
                Product p = repo.findById(id);
                checksum += p == null ? 0 : p.getId();
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(label + " done (checksum " + checksum + ")");
        return new Pass(repo.queries() - q0, millis);
    }

    private static boolean isAgentActive() {
        try {
            Class.forName("io.cachet.bootstrap.CacheHandlerHolder", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static final class Pass {
        final long queries;
        final long millis;

        Pass(long queries, long millis) {
            this.queries = queries;
            this.millis = millis;
        }
    }
}
