package io.cachet.it.support;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One JVM of the Spring Boot test application (module {@code it-tests/boot-app}), started with
 * {@code java -javaagent:... -jar cachet-it-boot-app.jar} like any Boot fat jar, and driven over
 * HTTP. It prints {@code READY port=N} once it serves requests, and stops on {@code exit}.
 */
public final class BootApp implements AutoCloseable {

    private final AgentJvm jvm;
    private final String base;

    private BootApp(AgentJvm jvm, int port) {
        this.jvm = jvm;
        this.base = "http://127.0.0.1:" + port;
    }

    /** The packaged application; built once by the reactor before this module's tests. */
    public static Path jar() {
        return built("cachet.it.boot-app");
    }

    /** The same application on Log4j 2 instead of Logback (module {@code it-tests/boot-app-log4j2}). */
    public static Path log4j2Jar() {
        return built("cachet.it.boot-app-log4j2");
    }

    /** A Spring Boot 2.7 application with the actuator and the Prometheus registry (module {@code it-tests/boot2-app}). */
    public static Path boot2Jar() {
        return built("cachet.it.boot2-app");
    }

    private static Path built(String property) {
        Path jar = Path.of(System.getProperty(property));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Boot application at " + jar + "; build the it-tests/boot-app modules first (mvn -B verify builds them)");
        }
        return jar;
    }

    /**
     * Starts it and waits until it serves requests.
     *
     * @param builder the JVM's options (agent arguments, system properties)
     * @param args Spring Boot arguments ({@code --spring.datasource.url=...})
     */
    public static BootApp start(AgentJvm.Builder builder, String... args) throws Exception {
        return start(jar(), builder, args);
    }

    /** Starts the application packaged as {@code jar}. */
    public static BootApp start(Path jar, AgentJvm.Builder builder, String... args) throws Exception {
        int port = Http.freePort();
        String[] launch = new String[args.length + 3];
        launch[0] = "-jar";
        launch[1] = jar.toString();
        launch[2] = "--server.port=" + port;
        System.arraycopy(args, 0, launch, 3, args.length);
        AgentJvm jvm = builder.jvmArg("-Xmx384m").launching(launch).start();
        String line = jvm.readLine();
        if (!line.startsWith("READY")) {
            jvm.close();
            throw new IllegalStateException("the Boot application printed " + line + "; its log:\n" + jvm.logText());
        }
        return new BootApp(jvm, port);
    }

    public String get(String path) throws Exception {
        return body(Http.get(base + path), path);
    }

    public String post(String path) throws Exception {
        return body(Http.post(base + path, ""), path);
    }

    /** JDBC statements Hibernate has prepared in this JVM so far: unchanged across a call means a hit. */
    public long statements() throws Exception {
        return Long.parseLong(get("/stats/statements"));
    }

    /** The statements a call ran, and its answer. */
    public Answer measure(String path) throws Exception {
        long before = statements();
        String body = get(path);
        return new Answer(body, statements() - before);
    }

    public AgentJvm jvm() {
        return jvm;
    }

    private static String body(HttpResponse<String> r, String path) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        jvm.close();
    }

    /** A call's answer and the JDBC statements it ran. */
    public static final class Answer {
        public final String body;
        public final long statements;

        Answer(String body, long statements) {
            this.body = body;
            this.statements = statements;
        }

        @Override
        public String toString() {
            return body + " (" + statements + " statements)";
        }
    }
}
