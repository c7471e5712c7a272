package io.cachet.agent.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the agent finds an application's transactions through the evicting class's loader, with
 * each API compiled here into a loader of its own: Spring's synchronization (a stand-in with
 * Spring's names and signatures: the real one is in the integration tests), JTA's registry, and
 * neither. The agent's own class path has none of them.
 */
class ApplicationTransactionsTest {

    /** Spring's two types as the agent calls them, keeping synchronizations per thread as Spring does. */
    private static final Map<String, String> SPRING = Map.of(
            "org/springframework/transaction/support/TransactionSynchronization.java", """
                    package org.springframework.transaction.support;
                    public interface TransactionSynchronization {
                        int STATUS_COMMITTED = 0;
                        int STATUS_ROLLED_BACK = 1;
                        default int getOrder() { return Integer.MAX_VALUE; }
                        default void beforeCompletion() { }
                        default void afterCompletion(int status) { }
                    }
                    """,
            "org/springframework/transaction/support/TransactionSynchronizationManager.java", """
                    package org.springframework.transaction.support;
                    import java.util.*;
                    public abstract class TransactionSynchronizationManager {
                        private static final ThreadLocal<Set<TransactionSynchronization>> SYNCS = new ThreadLocal<>();
                        public static boolean isSynchronizationActive() { return SYNCS.get() != null; }
                        public static void initSynchronization() { SYNCS.set(new LinkedHashSet<>()); }
                        public static void registerSynchronization(TransactionSynchronization s) {
                            if (SYNCS.get() == null) throw new IllegalStateException("Transaction synchronization is not active");
                            SYNCS.get().add(s);
                        }
                        /** What a transaction manager does at the end: order, then the callbacks. */
                        public static void complete(int status) {
                            List<TransactionSynchronization> all = new ArrayList<>(SYNCS.get());
                            SYNCS.remove();
                            all.sort(Comparator.comparingInt(TransactionSynchronization::getOrder));
                            for (TransactionSynchronization s : all) { s.beforeCompletion(); }
                            for (TransactionSynchronization s : all) { s.afterCompletion(status); }
                        }
                    }
                    """,
            "app/Service.java", "package app; public class Service { }");

    private static final Map<String, String> JTA = Map.of(
            "jakarta/transaction/Synchronization.java", """
                    package jakarta.transaction;
                    public interface Synchronization { void beforeCompletion(); void afterCompletion(int status); }
                    """,
            "jakarta/transaction/TransactionSynchronizationRegistry.java", """
                    package jakarta.transaction;
                    public interface TransactionSynchronizationRegistry {
                        int getTransactionStatus();
                        void registerInterposedSynchronization(Synchronization sync);
                    }
                    """,
            "app/Service.java", "package app; public class Service { }");

    @TempDir
    Path dir;

    private final ApplicationTransactions transactions = new ApplicationTransactions();

    @Test
    void aLoaderWithoutSpringOrJtaSeesNoTransactionAndLoadsNothingOfThem() throws Exception {
        Path classes = compile("none", Map.of("app/Service.java", "package app; public class Service { }"));
        List<String> asked = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                asked.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            Class<?> service = loader.loadClass("app.Service");
            asked.clear();
            assertThat(transactions.current(service)).isNull();
            assertThat(transactions.current(service)).isNull();
            assertThat(asked).as("looked for once, per class").hasSize(3)
                    .allMatch(n -> n.startsWith("org.springframework.") || n.startsWith("jakarta.") || n.startsWith("javax."));
        }
    }

    @Test
    void jdkClassesRunNoApplicationTransactions() {
        assertThat(transactions.current(String.class)).isNull();
        assertThat(transactions.current(null)).isNull();
    }

    @Test
    void insideSpringsSynchronizationTheCompletionRunsAfterItWithItsOutcome() throws Exception {
        try (URLClassLoader loader = loader("spring", SPRING)) {
            Class<?> service = loader.loadClass("app.Service");
            Class<?> manager = loader.loadClass("org.springframework.transaction.support.TransactionSynchronizationManager");
            assertThat(transactions.current(service)).as("no transaction yet").isNull();

            List<Boolean> outcomes = new ArrayList<>();
            for (int status : new int[] {0, 1}) {
                manager.getMethod("initSynchronization").invoke(null);
                OpenTransaction tx = transactions.current(service);
                assertThat(tx).isNotNull();
                assertThat(tx.afterCompletion(outcomes::add)).isTrue();
                assertThat(tx.afterCompletion(committed -> {
                    throw new IllegalStateException("never reaches the transaction manager");
                })).isTrue();
                assertThat(outcomes).hasSize(status);
                manager.getMethod("complete", int.class).invoke(null, status);
            }
            assertThat(outcomes).containsExactly(true, false);
            assertThat(transactions.current(service)).isNull();
        }
    }

    @Test
    void aLoaderWithTheJtaApiButNoRegistryInJndiSeesNoTransaction() throws Exception {
        try (URLClassLoader loader = loader("jta", JTA)) {
            assertThat(transactions.current(loader.loadClass("app.Service"))).isNull();
        }
    }

    @Test
    void aLoaderWhoseTransactionsWereUsedIsNotKeptAlive() throws Exception {
        WeakReference<ClassLoader> gone = useSpringInALoaderThenDropIt();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gone.get() != null) {
            assertThat(System.nanoTime() - deadline).as("the loader was collected within 10 s").isNegative();
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private WeakReference<ClassLoader> useSpringInALoaderThenDropIt() throws Exception {
        URLClassLoader loader = loader("dropped", SPRING);
        Class<?> service = loader.loadClass("app.Service");
        Method init = loader.loadClass("org.springframework.transaction.support.TransactionSynchronizationManager")
                .getMethod("initSynchronization");
        Method complete = init.getDeclaringClass().getMethod("complete", int.class);
        init.invoke(null);
        transactions.current(service).afterCompletion(committed -> { });
        complete.invoke(null, 0);
        loader.close();
        return new WeakReference<>(loader);
    }

    private URLClassLoader loader(String name, Map<String, String> sources) throws IOException {
        return new URLClassLoader(new URL[] {compile(name, sources).toUri().toURL()}, null);
    }

    private Path compile(String name, Map<String, String> sources) throws IOException {
        Path src = dir.resolve(name + "-src");
        Path out = dir.resolve(name + "-classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "11"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path file = src.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, args.toArray(new String[0]))).as("stand-ins compiled").isZero();
        return out;
    }
}
